package fr.consenti.server.accounts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A professional's permission for a call centre to act for it (RULES.md §1: everything the call centre does counts
 * against the professional): for some of the professional's purposes, or all of them ({@code purposes} null), from
 * {@code validFrom} until {@code validUntil} (null: until revoked), unless revoked.
 */
public record Delegation(long id, long professionalId, long callCentreId, String callCentreSiren,
                         String callCentreName, List<String> purposes, Instant validFrom, Instant validUntil,
                         Instant createdAt, Instant revokedAt) {

    /** Whether it lets the call centre act at {@code at}: started, not ended, not revoked. */
    public boolean activeAt(Instant at) {
        return revokedAt == null && !at.isBefore(validFrom) && (validUntil == null || at.isBefore(validUntil));
    }

    public boolean allPurposes() {
        return purposes == null;
    }

    public boolean covers(String purpose) {
        return purposes == null || purposes.contains(purpose);
    }

    /** Whether a consent for {@code consentPurposes} is within this delegation: at least one of its purposes is. */
    public boolean coversAny(Collection<String> consentPurposes) {
        return consentPurposes.stream().anyMatch(this::covers);
    }

    /** What a page or the API shows: ACTIVE, SCHEDULED (not started), ENDED or REVOKED, at {@code at}. */
    public String statusAt(Instant at) {
        if (revokedAt != null) {
            return "REVOKED";
        }
        if (at.isBefore(validFrom)) {
            return "SCHEDULED";
        }
        return validUntil != null && !at.isBefore(validUntil) ? "ENDED" : "ACTIVE";
    }
}
