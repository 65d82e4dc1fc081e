package fr.consenti.server.outbox;

import java.time.OffsetDateTime;

/** An outbox row: a message to one recipient, sent or not yet. */
public record OutboxMail(long id, Kind kind, String recipient, String subject, String body, OffsetDateTime createdAt,
                         OffsetDateTime sentAt, int attempts, String lastError) {

    public enum Kind { EMAIL, SMS }
}
