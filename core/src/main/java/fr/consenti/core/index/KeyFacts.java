package fr.consenti.core.index;

import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import java.time.Instant;
import java.util.List;

/**
 * What the index holds for one (professional, number): immutable, replaced whole on every change so that a
 * reader never sees half an event.
 *
 * @param consents    immutable list, any order, one per collection instant
 * @param objectedAt  the latest objection, or null
 * @param attempts    the latest attempts' epoch milliseconds, ascending, at most the cap plus one
 * @param lastRefusal the latest refusal, or null
 * @param slots       immutable list of agreed off-hours slots
 */
record KeyFacts(List<Consent> consents, Instant objectedAt, long[] attempts, Instant lastRefusal,
                List<AgreedSlot> slots) {

    static final long[] NO_ATTEMPTS = new long[0];
    static final KeyFacts NONE = new KeyFacts(List.of(), null, NO_ATTEMPTS, null, List.of());

    KeyFacts withConsents(List<Consent> c) {
        return new KeyFacts(c, objectedAt, attempts, lastRefusal, slots);
    }

    KeyFacts withObjectedAt(Instant o) {
        return new KeyFacts(consents, o, attempts, lastRefusal, slots);
    }

    KeyFacts withAttempts(long[] a) {
        return new KeyFacts(consents, objectedAt, a, lastRefusal, slots);
    }

    KeyFacts withLastRefusal(Instant r) {
        return new KeyFacts(consents, objectedAt, attempts, r, slots);
    }

    KeyFacts withSlots(List<AgreedSlot> s) {
        return new KeyFacts(consents, objectedAt, attempts, lastRefusal, s);
    }
}
