package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/**
 * An api_key row: what the database knows of a key, which is never the key itself. {@code delegationId} is set for a
 * key scoped to one delegation: it acts for the delegating professional, within that delegation.
 */
public record StoredApiKey(long id, long professionalId, String prefix, String secretSha256, String label,
                           OffsetDateTime createdAt, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt,
                           Long delegationId) {

    /** A professional's own key (no delegation). */
    public StoredApiKey(long id, long professionalId, String prefix, String secretSha256, String label,
                        OffsetDateTime createdAt, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {
        this(id, professionalId, prefix, secretSha256, label, createdAt, revokedAt, lastUsedAt, null);
    }
}
