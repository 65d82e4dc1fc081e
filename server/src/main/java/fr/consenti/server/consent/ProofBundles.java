package fr.consenti.server.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What an inspector needs to check one consent: the record, its notice, evidence, chain position and receipt. */
@Component
final class ProofBundles {

    record Bundle(Consent consent, Notice notice, Evidence evidence, List<Link> chain, String receipt, String keyId,
                  String keysUrl) {
    }

    record Consent(UUID id, String status, Party professional, List<Party> thirdParties,
                   List<Purposes.Purpose> purposes, String e164, String personRef, String channel,
                   Instant collectedAt, Instant validFrom, Instant validUntil, Instant withdrawnAt, Slot offHoursSlot,
                   Instant recordedAt, Instant purgedAt) {
    }

    record Party(String siren, String name) {
    }

    record Slot(LocalDate date, LocalTime start, LocalTime end) {
    }

    record Notice(String sha256, String language, String text) {
    }

    /** Personal parts are null once purged; their commitments (hex) then stand for them. */
    record Evidence(String kind, String ip, String userAgent, String ref, Instant at, Map<String, String> commitments) {
    }

    /** One ledger event of this consent, as the chain holds it. */
    record Link(long sequence, String kind, String channel, Instant occurredAt, Instant recordedAt, String prevHash,
                String hash) {
    }

    private final ConsentService consents;
    private final JdbcClient jdbc;
    private final Clock clock;

    ProofBundles(ConsentService consents, JdbcClient jdbc, Clock clock) {
        this.consents = consents;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Bundle bundle(long professionalId, UUID consentId) {
        List<ConsentEvent> events = consents.events(professionalId, consentId);
        ConsentEvent given = events.stream().filter(e -> e.kind() == ConsentEvent.Kind.GIVEN).findFirst()
                .orElseThrow(Problems::consentNotFound);
        Instant withdrawnAt = events.stream().filter(e -> e.kind() == ConsentEvent.Kind.WITHDRAWN)
                .map(ConsentEvent::occurredAt).findFirst().orElse(null);
        Instant purgedAt = events.stream().filter(e -> e.kind() == ConsentEvent.Kind.PURGED)
                .map(ConsentEvent::occurredAt).findFirst().orElse(null);
        ConsentService.Status status = ConsentService.status(purgedAt == null ? "ACTIVE" : "PURGED",
                given.validUntil(), withdrawnAt, clock.instant());
        Map<String, Purposes.Purpose> catalogue = consents.purposes(professionalId);
        Party professional = jdbc.sql("select siren, name from professional where id = ?").param(professionalId)
                .query(Party.class).single();
        List<Party> thirdParties = given.thirdParties().stream().map(siren -> new Party(siren,
                jdbc.sql("select name from professional where siren = ?").param(siren).query(String.class)
                        .optional().orElse(""))).toList();
        Consent consent = new Consent(consentId, status.name(), professional, thirdParties,
                given.purposes().stream().map(catalogue::get).toList(), given.e164(), given.personRef(),
                given.channel(), given.collectedAt(), given.validFrom(), given.validUntil(), withdrawnAt,
                given.slotDate() == null ? null : new Slot(given.slotDate(), given.slotStart(), given.slotEnd()),
                given.recordedAt(), purgedAt);
        Notice notice = consents.notice(given.noticeSha256())
                .map(n -> new Notice(n.sha256(), n.language(), n.text())).orElseThrow();
        Map<String, String> commitments = new java.util.TreeMap<>();
        put(commitments, "e164", given.e164Commitment());
        put(commitments, "nsn", given.nsnCommitment());
        put(commitments, "personRef", given.personRefCommitment());
        put(commitments, "ip", given.evidenceIpCommitment());
        put(commitments, "userAgent", given.evidenceUserAgentCommitment());
        put(commitments, "ref", given.evidenceRefCommitment());
        Evidence evidence = new Evidence(given.evidenceKind(), given.evidenceIp(), given.evidenceUserAgent(),
                given.evidenceRef(), given.evidenceAt(), commitments);
        List<Link> chain = events.stream().map(e -> new Link(e.sequence(), e.kind().name(), e.channel(),
                e.occurredAt(), e.recordedAt(), ConsentService.hex(e.prevHash()), ConsentService.hex(e.hash())))
                .toList();
        return new Bundle(consent, notice, evidence, chain, consents.receipt(given, catalogue), consents.keyId(),
                "/.well-known/consenti-keys.json");
    }

    private static void put(Map<String, String> commitments, String name, byte[] value) {
        if (value != null) {
            commitments.put(name, ConsentService.hex(value));
        }
    }
}
