package fr.consenti.server.consent;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.proof.ConsentReceipt;
import fr.consenti.core.proof.Hex;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Beyond this many entries, a cache starts again empty. */
    private static final int MAX_CACHED = 10_000;
    /** How long a company's name read for a receipt is reused: names are not edited today; if they come to be, within this. */
    private static final long NAME_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private record Named(ConsentReceipt.Party party, long readAt) {
    }

    private final JdbcClient jdbc;
    private final LedgerKeys keys;
    /** Notices are stored once and never change nor go: their language, by SHA-256, is read once. */
    private final Map<String, String> noticeLanguages = new ConcurrentHashMap<>();
    private final Map<String, Named> parties = new ConcurrentHashMap<>();

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
        ConsentReceipt.Party controller = party("id:" + given.professionalId(), () -> jdbc.sql(
                        "select siren, name from professional where id = ?")
                .param(given.professionalId())
                .query((rs, n) -> new ConsentReceipt.Party(rs.getString(1), rs.getString(2)))
                .single());
        List<ConsentReceipt.Party> callers = given.thirdParties().stream()
                .map(siren -> party("siren:" + siren, () -> new ConsentReceipt.Party(siren, nameOf(siren))))
                .toList();
        List<ConsentReceipt.Purpose> scope = given.purposes().stream().map(code -> {
            Purposes.Purpose p = catalogue.get(code);
            return new ConsentReceipt.Purpose(code, p.label(), p.nature());
        }).toList();
        String language = noticeLanguage(given.noticeSha256());
        if (language == null) {
            throw new IllegalStateException("notice " + given.noticeSha256() + " of a recorded consent is not stored");
        }
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

    /** The language of a stored notice, or null when no notice has this SHA-256. */
    String noticeLanguage(String sha256) {
        String known = noticeLanguages.get(sha256);
        if (known != null) {
            return known;
        }
        String language = jdbc.sql("select language from consent_notice where sha256 = ?").param(sha256)
                .query(String.class).optional().orElse(null);
        if (language != null) {
            if (noticeLanguages.size() >= MAX_CACHED) {
                noticeLanguages.clear();
            }
            noticeLanguages.put(sha256, language);
        }
        return language;
    }

    private ConsentReceipt.Party party(String key, java.util.function.Supplier<ConsentReceipt.Party> read) {
        long now = System.nanoTime();
        Named named = parties.get(key);
        if (named != null && now - named.readAt() < NAME_TTL_NANOS) {
            return named.party();
        }
        ConsentReceipt.Party party = read.get();
        if (parties.size() >= MAX_CACHED) {
            parties.clear();
        }
        parties.put(key, new Named(party, now));
        return party;
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
