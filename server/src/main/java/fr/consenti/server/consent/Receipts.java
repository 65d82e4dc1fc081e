package fr.consenti.server.consent;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.proof.ConsentReceipt;
import fr.consenti.core.proof.Hex;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signed consent receipts. A receipt is a function of the GIVEN event and the platform key (Ed25519 signatures are
 * deterministic), so it is not stored: the proof bundle signs it again and gets the same bytes, a bulk import does
 * not pay a signature per row, and once the purge removes the number no receipt can show it any more.
 */
@Component
final class Receipts {

    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final JdbcClient jdbc;
    private final LedgerKeys keys;

    Receipts(JdbcClient jdbc, LedgerKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    String keyId() {
        return keys.publicJwk().keyId();
    }

    /** The signed receipt of a GIVEN event still holding its number; null once purged. */
    String receipt(ConsentEvent given, Map<String, Purposes.Purpose> catalogue) {
        if (given.e164() == null) {
            return null;
        }
        ConsentReceipt.Party controller = jdbc.sql("select siren, name from professional where id = ?")
                .param(given.professionalId())
                .query((rs, n) -> new ConsentReceipt.Party(rs.getString(1), rs.getString(2)))
                .single();
        List<ConsentReceipt.Party> callers = given.thirdParties().stream()
                .map(siren -> new ConsentReceipt.Party(siren, nameOf(siren)))
                .toList();
        List<ConsentReceipt.Purpose> scope = given.purposes().stream().map(code -> {
            Purposes.Purpose p = catalogue.get(code);
            return new ConsentReceipt.Purpose(code, p.label(), p.nature());
        }).toList();
        String language = jdbc.sql("select language from consent_notice where sha256 = ?").param(given.noticeSha256())
                .query(String.class).single();
        ConsentReceipt.Slot slot = null;
        if (given.slotDate() != null) {
            ZoneId zone = NumberParser.parse(given.e164()) instanceof FrenchNumber n ? n.zone() : FRANCE;
            slot = new ConsentReceipt.Slot(given.slotDate().atTime(given.slotStart()).atZone(zone).toInstant(),
                    given.slotDate().atTime(given.slotEnd()).atZone(zone).toInstant());
        }
        ConsentReceipt receipt = new ConsentReceipt(given.consentId().toString(), given.recordedAt(),
                ConsentReceipt.State.GIVEN, given.e164(), controller, callers, scope,
                new ConsentReceipt.Notice(given.noticeSha256(), language),
                ConsentReceipt.Channel.valueOf(given.channel()), given.collectedAt(),
                new ConsentReceipt.Evidence(given.evidenceKind(), summary(given), given.evidenceAt()),
                given.validFrom(), given.validUntil(), slot,
                new ConsentReceipt.ChainPosition(given.sequence(), Hex.encode(given.hash())));
        return receipt.sign(keys.signer());
    }

    private String nameOf(String siren) {
        // A third party that is not a Consenti professional is known by its SIREN only.
        return jdbc.sql("select name from professional where siren = ?").param(siren)
                .query(String.class).optional().orElse("");
    }

    private static String summary(ConsentEvent given) {
        return switch (given.evidenceKind()) {
            case "FORM_SUBMISSION" -> "form submitted from " + given.evidenceIp() + " with " + given.evidenceUserAgent();
            case "CALL_RECORDING" -> "\"oui\" in recording " + given.evidenceRef();
            case "DOCUMENT" -> "signed document " + given.evidenceRef();
            default -> given.evidenceKind();
        };
    }
}
