package fr.consenti.core.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A zone's UTC offsets as arrays, so that reading the offset at an instant allocates nothing: {@link ZoneRules}
 * boxes the year into its cache key and builds dates for every instant past its last stored transition, which
 * for Europe/Paris means every instant since 1996.
 */
final class ZoneClock {

    private static final ConcurrentHashMap<ZoneId, ZoneClock> CLOCKS = new ConcurrentHashMap<>();

    /** The years held in the arrays, as for the holidays; outside them the zone's rules answer. */
    private static final long START = Instant.parse(Holidays.FIRST_YEAR + "-01-01T00:00:00Z").getEpochSecond();
    private static final long END = Instant.parse((Holidays.LAST_YEAR + 1) + "-01-01T00:00:00Z").getEpochSecond();

    private final ZoneRules rules;
    private final boolean fixed;
    private final int fixedOffset;
    /** Epoch seconds of the transitions in [START, END), ascending. */
    private final long[] transitions;
    /** {@code offsets[i + 1]} is the offset from {@code transitions[i]} on; {@code offsets[0]} the one before. */
    private final int[] offsets;
    /**
     * For each bucket of {@code 2^BUCKET_BITS} seconds (24 days) from START, the index of the last transition at or
     * before the bucket's start, or -1: a lookup is one array read and rarely one step, not a binary search.
     */
    private final int[] lastTransitionByBucket;
    private static final int BUCKET_BITS = 21;

    private ZoneClock(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset();
        this.fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
        List<ZoneOffsetTransition> found = new ArrayList<>();
        Instant t = Instant.ofEpochSecond(START);
        for (ZoneOffsetTransition tr = rules.nextTransition(t); tr != null && tr.toEpochSecond() < END;
                tr = rules.nextTransition(tr.getInstant())) {
            found.add(tr);
        }
        transitions = new long[found.size()];
        offsets = new int[found.size() + 1];
        offsets[0] = rules.getOffset(t).getTotalSeconds();
        for (int i = 0; i < found.size(); i++) {
            transitions[i] = found.get(i).toEpochSecond();
            offsets[i + 1] = found.get(i).getOffsetAfter().getTotalSeconds();
        }
        lastTransitionByBucket = new int[(int) ((END - START) >>> BUCKET_BITS) + 1];
        int last = -1;
        for (int b = 0; b < lastTransitionByBucket.length; b++) {
            long bucketStart = START + ((long) b << BUCKET_BITS);
            while (last + 1 < transitions.length && transitions[last + 1] <= bucketStart) {
                last++;
            }
            lastTransitionByBucket[b] = last;
        }
    }

    static ZoneClock of(ZoneId zone) {
        ZoneClock clock = CLOCKS.get(zone);
        return clock != null ? clock : CLOCKS.computeIfAbsent(zone, ZoneClock::new);
    }

    /** The offset from UTC in seconds at this instant. */
    int offsetAt(long epochSecond) {
        if (fixed) {
            return fixedOffset;
        }
        if (epochSecond < START || epochSecond >= END) {
            return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        }
        return offsets[lastTransitionAtOrBefore(epochSecond) + 1];
    }

    /** The epoch second of the first offset change strictly after this instant, or {@link Long#MAX_VALUE}. */
    long nextTransitionAfter(long epochSecond) {
        if (fixed) {
            return Long.MAX_VALUE;
        }
        if (epochSecond >= START && epochSecond < END) {
            int next = lastTransitionAtOrBefore(epochSecond) + 1;
            if (next < transitions.length) {
                return transitions[next];
            }
        }
        ZoneOffsetTransition transition = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
        return transition == null ? Long.MAX_VALUE : transition.toEpochSecond();
    }

    /** For {@code epochSecond} in [START, END). */
    private int lastTransitionAtOrBefore(long epochSecond) {
        int i = lastTransitionByBucket[(int) ((epochSecond - START) >>> BUCKET_BITS)];
        while (i + 1 < transitions.length && transitions[i + 1] <= epochSecond) {
            i++;
        }
        return i;
    }
}
