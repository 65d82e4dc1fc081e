package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/**
 * A person row. {@code professionalId} is set for a PROFESSIONAL only, {@code callCentreId} for a CALL_CENTRE person
 * linked to their call centre; {@code disabledAt} when their team removed their access. The password hash never
 * leaves accounts.
 */
public record Person(long id, String email, Role role, Long professionalId, OffsetDateTime emailVerifiedAt,
                     OffsetDateTime createdAt, Long callCentreId, OffsetDateTime disabledAt) {

    public boolean active() {
        return disabledAt == null;
    }


    public boolean verified() {
        return emailVerifiedAt != null;
    }
}
