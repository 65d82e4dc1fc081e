package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/** A company dialling for professionals (RULES.md §1), identified by its SIREN; it acts through delegations only. */
public record CallCentre(long id, Siren siren, String name, OffsetDateTime createdAt) {
}
