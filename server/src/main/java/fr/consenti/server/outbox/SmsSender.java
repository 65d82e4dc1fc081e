package fr.consenti.server.outbox;

/**
 * Sends a text message to a phone number. Pluggable: a deployment provides its SMS gateway as a bean of this type;
 * without one, {@link OutboxSmsSender} keeps each SMS in the outbox, where the demo page and tests read it.
 */
public interface SmsSender {

    /** Sends {@code text} to {@code e164} (+33612345678), in the caller's transaction where the sender can. */
    void send(String e164, String text);
}
