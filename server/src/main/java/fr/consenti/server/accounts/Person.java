package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/**
 * A person row. {@code professionalId} is set for a PROFESSIONAL only, {@code callCentreId} for a CALL_CENTRE person
 * linked to their call centre; the password hash never leaves accounts.
 */
public record Person(long id, String email, Role role, Long professionalId, OffsetDateTime emailVerifiedAt,
                     OffsetDateTime createdAt, Long callCentreId) {

    public boolean verified() {
        return emailVerifiedAt != null;
    }
}
