package fr.consenti.server.consent;

import fr.consenti.core.proof.CanonicalEncoder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One row of {@code consent_event}, and the one place that says which of its fields the link hash covers and how.
 * The appender and every verifier (the server, {@code ./consenti consents verify}) go through {@link #content}, so
 * they cannot disagree. A personal field enters as its commitment: from the raw value while it is kept, from the
 * stored commitment once the purge replaced it; the bytes are the same.
 */
public record ConsentEvent(
        long sequence, Kind kind, UUID consentId, long professionalId,
        String e164, byte[] e164Commitment, Integer nsn, byte[] nsnCommitment,
        String personRef, byte[] personRefCommitment,
        List<String> thirdParties, List<String> purposes, String channel, Instant collectedAt, String noticeSha256,
        String evidenceKind, String evidenceIp, byte[] evidenceIpCommitment,
        String evidenceUserAgent, byte[] evidenceUserAgentCommitment,
        String evidenceRef, byte[] evidenceRefCommitment, Instant evidenceAt,
        Instant validFrom, Instant validUntil, LocalDate slotDate, LocalTime slotStart, LocalTime slotEnd,
        Instant occurredAt, Instant recordedAt, byte[] prevHash, byte[] hash) {

    /** What happened to the consent. */
    public enum Kind { GIVEN, WITHDRAWN, EXPIRED, PURGED }

    /** The record type written at the start of the canonical content. */
    static final String RECORD_TYPE = "consent-event";

    static final String COLUMNS = """
            sequence, kind, consent_id, professional_id, e164, e164_commitment, nsn, nsn_commitment,
            person_ref, person_ref_commitment, third_parties, purposes, channel, collected_at, notice_sha256,
            evidence_kind, evidence_ip, evidence_ip_commitment, evidence_user_agent, evidence_user_agent_commitment,
            evidence_ref, evidence_ref_commitment, evidence_at, valid_from, valid_until, slot_date, slot_start,
            slot_end, occurred_at, recorded_at, prev_hash, hash""";

    /** An event without personal fields (withdrawal, expiry, purge) of {@code consentId}. */
    static ConsentEvent marker(Kind kind, UUID consentId, long professionalId, String channel, Instant occurredAt,
                               Instant recordedAt) {
        return new ConsentEvent(0, kind, consentId, professionalId, null, null, null, null, null, null, null, null,
                channel, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                occurredAt, recordedAt, null, null);
    }

    /** The same event placed in the chain. */
    ConsentEvent linked(long sequence, byte[] prevHash, byte[] hash) {
        return new ConsentEvent(sequence, kind, consentId, professionalId, e164, e164Commitment, nsn, nsnCommitment,
                personRef, personRefCommitment, thirdParties, purposes, channel, collectedAt, noticeSha256,
                evidenceKind, evidenceIp, evidenceIpCommitment, evidenceUserAgent, evidenceUserAgentCommitment,
                evidenceRef, evidenceRefCommitment, evidenceAt, validFrom, validUntil, slotDate, slotStart, slotEnd,
                occurredAt, recordedAt, prevHash, hash);
    }

    /**
     * The canonical content the link hash covers: every column but the sequence (hashed by the chain itself) and
     * the hashes. Field order and names are part of the format: change them and old chains no longer verify.
     */
    public byte[] content(CanonicalEncoder encoder) {
        encoder.begin(RECORD_TYPE)
                .string("kind", kind.name())
                .string("consentId", consentId.toString())
                .number("professionalId", professionalId);
        personal(encoder, "e164", e164, e164Commitment);
        personal(encoder, "nsn", nsn == null ? null : nsn.toString(), nsnCommitment);
        personal(encoder, "personRef", personRef, personRefCommitment);
        encoder.strings("thirdParties", thirdParties)
                .strings("purposes", purposes)
                .string("channel", channel)
                .instant("collectedAt", collectedAt)
                .string("noticeSha256", noticeSha256)
                .string("evidenceKind", evidenceKind);
        personal(encoder, "evidenceIp", evidenceIp, evidenceIpCommitment);
        personal(encoder, "evidenceUserAgent", evidenceUserAgent, evidenceUserAgentCommitment);
        personal(encoder, "evidenceRef", evidenceRef, evidenceRefCommitment);
        return encoder.instant("evidenceAt", evidenceAt)
                .instant("validFrom", validFrom)
                .instant("validUntil", validUntil)
                .string("slotDate", slotDate == null ? null : slotDate.toString())
                .string("slotStart", slotStart == null ? null : slotStart.toString())
                .string("slotEnd", slotEnd == null ? null : slotEnd.toString())
                .instant("occurredAt", occurredAt)
                .instant("recordedAt", recordedAt)
                .toBytes();
    }

    private static void personal(CanonicalEncoder encoder, String name, String raw, byte[] commitment) {
        if (raw != null) {
            encoder.personal(name, raw);
        } else {
            encoder.committed(name, commitment);
        }
    }

    /** Reads a row selected with {@link #COLUMNS}. */
    static ConsentEvent read(ResultSet rs) throws SQLException {
        int nsnValue = rs.getInt("nsn");
        // getInt gives 0 for SQL NULL; wasNull must be asked at once, before reading another column.
        Integer nsn = rs.wasNull() ? null : nsnValue;
        return new ConsentEvent(
                rs.getLong("sequence"), Kind.valueOf(rs.getString("kind")), rs.getObject("consent_id", UUID.class),
                rs.getLong("professional_id"),
                rs.getString("e164"), rs.getBytes("e164_commitment"), nsn,
                rs.getBytes("nsn_commitment"),
                rs.getString("person_ref"), rs.getBytes("person_ref_commitment"),
                split(rs.getString("third_parties")), split(rs.getString("purposes")), rs.getString("channel"),
                instant(rs, "collected_at"), rs.getString("notice_sha256"),
                rs.getString("evidence_kind"), rs.getString("evidence_ip"), rs.getBytes("evidence_ip_commitment"),
                rs.getString("evidence_user_agent"), rs.getBytes("evidence_user_agent_commitment"),
                rs.getString("evidence_ref"), rs.getBytes("evidence_ref_commitment"), instant(rs, "evidence_at"),
                instant(rs, "valid_from"), instant(rs, "valid_until"),
                rs.getObject("slot_date", LocalDate.class), rs.getObject("slot_start", LocalTime.class),
                rs.getObject("slot_end", LocalTime.class),
                instant(rs, "occurred_at"), instant(rs, "recorded_at"), rs.getBytes("prev_hash"), rs.getBytes("hash"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static List<String> split(String joined) {
        if (joined == null) {
            return null;
        }
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(",", -1));
    }

    static String join(List<String> values) {
        return values == null ? null : String.join(",", values);
    }
}
