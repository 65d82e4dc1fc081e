package fr.consenti.core.index;

import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.OppositionRegistration;
import java.time.Instant;
import java.util.Objects;

/** One row of the database change feed, in the order of its {@link #sequence()}. */
public sealed interface ChangeEvent {

    /** The feed's sequence number: strictly increasing; an event at or below the index's last one is a replay. */
    long sequence();

    /** The number is (again) on the opposition list, with this registration (a renewal moves its term). */
    record OppositionRegistered(long sequence, int nsn, OppositionRegistration registration) implements ChangeEvent {
        public OppositionRegistered {
            Checks.sequence(sequence);
            Checks.nsn(nsn);
            Objects.requireNonNull(registration, "registration");
        }
    }

    /** The consumer unregistered the number; the consents its registration withdrew stay withdrawn. */
    record OppositionRemoved(long sequence, int nsn, Instant at) implements ChangeEvent {
        public OppositionRemoved {
            Checks.sequence(sequence);
            Checks.nsn(nsn);
            Objects.requireNonNull(at, "at");
        }
    }

    /** The consumer objected to this professional (RULES.md §4): permanent. */
    record ObjectionRecorded(long sequence, int professional, int nsn, Instant at) implements ChangeEvent {
        public ObjectionRecorded {
            Checks.sequence(sequence);
            Checks.professional(professional);
            Checks.nsn(nsn);
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A consent for {@code nsn} to {@code consent.professional()}. A consent is identified by its professional,
     * number and collection instant: the same triple again updates it, and never clears its withdrawal.
     */
    record ConsentGiven(long sequence, int nsn, Consent consent) implements ChangeEvent {
        public ConsentGiven {
            Checks.sequence(sequence);
            Checks.nsn(nsn);
            Objects.requireNonNull(consent, "consent");
            Checks.professional(consent.professional());
        }
    }

    /** One consent, identified by its collection instant, withdrawn at {@code at}. */
    record ConsentWithdrawn(long sequence, int professional, int nsn, Instant collectedAt, Instant at)
            implements ChangeEvent {
        public ConsentWithdrawn {
            Checks.sequence(sequence);
            Checks.professional(professional);
            Checks.nsn(nsn);
            Objects.requireNonNull(collectedAt, "collectedAt");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Every consent to the professional collected up to {@code at} withdrawn then (an oral withdrawal, §3). */
    record ConsentsWithdrawn(long sequence, int professional, int nsn, Instant at) implements ChangeEvent {
        public ConsentsWithdrawn {
            Checks.sequence(sequence);
            Checks.professional(professional);
            Checks.nsn(nsn);
            Objects.requireNonNull(at, "at");
        }
    }

    /** A call or attempt by the professional or one of its call centres (§5 cap). */
    record AttemptRecorded(long sequence, int professional, int nsn, Instant at) implements ChangeEvent {
        public AttemptRecorded {
            Checks.sequence(sequence);
            Checks.professional(professional);
            Checks.nsn(nsn);
            Objects.requireNonNull(at, "at");
        }
    }

    /** The consumer refused during a call from the professional (§5 cooldown). */
    record RefusalRecorded(long sequence, int professional, int nsn, Instant at) implements ChangeEvent {
        public RefusalRecorded {
            Checks.sequence(sequence);
            Checks.professional(professional);
            Checks.nsn(nsn);
            Objects.requireNonNull(at, "at");
        }
    }

    /** The consumer agreed to be called by the professional in this off-hours slot (§3). */
    record SlotAgreed(long sequence, int professional, int nsn, AgreedSlot slot) implements ChangeEvent {
        public SlotAgreed {
            Checks.sequence(sequence);
            Checks.professional(professional);
            Checks.nsn(nsn);
            Objects.requireNonNull(slot, "slot");
        }
    }
}
