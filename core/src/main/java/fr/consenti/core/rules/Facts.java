package fr.consenti.core.rules;

import java.time.Instant;
import java.util.List;

/**
 * What is known about one number for one professional (and its call centres) when a call is judged.
 * An in-memory index implements this over its own storage, so nothing has to be copied per decision;
 * {@link FactsSnapshot} is the plain-value implementation.
 */
public interface Facts {

    /** Consents held for this number; those for other professionals are ignored. Any order. */
    List<Consent> consents();

    /** When the consumer objected to this professional (§4), or null. */
    Instant objectedAt();

    /** The number's opposition list entry, or null when the snapshot holds none. */
    OppositionRegistration registration();

    /** Until when the opposition data behind these facts may be trusted (exclusive); null: no screening data. */
    Instant screeningValidUntil();

    /**
     * How many calls or attempts the professional and its call centres made to this number recently (at least
     * the last 30 days; older ones are ignored).
     */
    int attemptCount();

    /** The {@code i}-th attempt, epoch milliseconds; any order. */
    long attemptEpochMilli(int i);

    /** The consumer's last refusal during a call from this professional, or null. */
    Instant lastRefusal();

    /** Agreed off-hours slots (§3); usually empty. */
    List<AgreedSlot> agreedSlots();
}
