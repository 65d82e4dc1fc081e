package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/** An api_key row: what the database knows of a key, which is never the key itself. */
public record StoredApiKey(long id, long professionalId, String prefix, String secretSha256, String label,
                           OffsetDateTime createdAt, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {
}
