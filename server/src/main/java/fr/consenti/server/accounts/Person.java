package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/** A person row. {@code professionalId} is set for a PROFESSIONAL only; the password hash never leaves accounts. */
public record Person(long id, String email, Role role, Long professionalId, OffsetDateTime emailVerifiedAt,
                     OffsetDateTime createdAt) {

    public boolean verified() {
        return emailVerifiedAt != null;
    }
}
