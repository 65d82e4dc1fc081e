package fr.consenti.server.platform;

import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.OppositionRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A change to a fact that screening decisions read, as a writer appends it to the {@link ChangeFeed}: the same kinds
 * as core's {@code ChangeEvent}, before the feed gives them a sequence, with professionals by their database id.
 */
public sealed interface FeedChange {

    int nsn();

    /** The number is (again) on the opposition list with this registration; a renewal appends it again. */
    record OppositionRegistered(int nsn, OppositionRegistration registration) implements FeedChange {
        public OppositionRegistered {
            Objects.requireNonNull(registration, "registration");
        }
    }

    /** The consumer took the number off the list at {@code at}. */
    record OppositionRemoved(int nsn, Instant at) implements FeedChange {
        public OppositionRemoved {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The consumer objected to the professional (RULES.md §4): permanent. */
    record ObjectionRecorded(long professionalId, int nsn, Instant at) implements FeedChange {
        public ObjectionRecorded {
            Objects.requireNonNull(at, "at");
        }
    }

    /** A consent to the professional, identified with its number by its collection instant. */
    record ConsentGiven(long professionalId, int nsn, List<String> thirdPartySirens, Set<String> purposes,
                        ConsentChannel channel, Instant collectedAt, Instant validUntil) implements FeedChange {
        public ConsentGiven {
            thirdPartySirens = List.copyOf(thirdPartySirens);
            purposes = Set.copyOf(purposes);
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(collectedAt, "collectedAt");
        }
    }

    /** The consent collected at {@code collectedAt} withdrawn at {@code at}. */
    record ConsentWithdrawn(long professionalId, int nsn, Instant collectedAt, Instant at) implements FeedChange {
        public ConsentWithdrawn {
            Objects.requireNonNull(collectedAt, "collectedAt");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Every consent to the professional collected up to {@code at} withdrawn then (oral withdrawal, §3). */
    record ConsentsWithdrawn(long professionalId, int nsn, Instant at) implements FeedChange {
        public ConsentsWithdrawn {
            Objects.requireNonNull(at, "at");
        }
    }

    /** A call attempt by the professional or for it (§5 cap). */
    record AttemptRecorded(long professionalId, int nsn, Instant at) implements FeedChange {
        public AttemptRecorded {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The consumer refused during a call (§5 cooldown). */
    record RefusalRecorded(long professionalId, int nsn, Instant at) implements FeedChange {
        public RefusalRecorded {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The consumer agreed to be called in this off-hours slot (§3). */
    record SlotAgreed(long professionalId, int nsn, AgreedSlot slot) implements FeedChange {
        public SlotAgreed {
            Objects.requireNonNull(slot, "slot");
        }
    }
}
