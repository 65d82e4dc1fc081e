package fr.consenti.server.accounts;

import java.time.OffsetDateTime;

/** A company that canvasses consumers; {@code sector} is the activity code the rules engine reads. */
public record Professional(long id, Siren siren, String name, String sector, OffsetDateTime createdAt) {
}
