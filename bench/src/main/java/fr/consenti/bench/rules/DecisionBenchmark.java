package fr.consenti.bench.rules;

import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.rules.AgreedSlot;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.CallerId;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.core.rules.RulesEngine;
import fr.consenti.core.rules.Sector;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.roaringbitmap.RoaringBitmap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full decision per operation, as the check endpoint makes it: the callee's facts are read from in-memory
 * indexes (an objection set of a million NSNs, a consent, a few attempts) and judged by the engine.
 *
 * <p>{@code decide}: opt-in calls in working hours with a consent, 1% of callees objected: mostly ALLOW.
 * {@code decideWithDenials}: the same numbers at any hour of the week, so that most are denied by the
 * calendar and the next allowed instant is computed. {@code lookupOnly}: the index lookup alone, the baseline
 * the engine's own cost is read against. {@code objectionIndex} picks the objection set's structure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecisionBenchmark {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final int PRO = 552_100_554;
    private static final int CENTRE = 403_052_111;
    private static final int OBJECTIONS = 1_000_000;
    private static final int REQUESTS = 1 << 14;

    @Param({"sortedArray", "roaring"})
    public String objectionIndex;

    private RulesEngine engine;
    private IndexedFacts facts;
    private CallRequest[] daytime;
    private CallRequest[] anytime;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        engine = new RulesEngine();
        int[] objections = new int[OBJECTIONS];
        for (int i = 0; i < OBJECTIONS; i++) {
            objections[i] = 600_000_000 + random.nextInt(100_000_000);
        }
        Arrays.sort(objections);
        Instant base = LocalDateTime.parse("2026-09-15T10:00").atZone(PARIS).toInstant();
        Consent consent = new Consent(PRO, new int[] {CENTRE}, Set.of("insurance", "energy-supply"),
                ConsentChannel.WEB_FORM, base.minus(Duration.ofDays(40)), base.plus(Duration.ofDays(300)), null);
        long[] attempts = {
            base.minus(Duration.ofDays(20)).toEpochMilli(),
            base.minus(Duration.ofDays(9)).toEpochMilli(),
            base.minus(Duration.ofDays(2)).toEpochMilli(),
        };
        ObjectionIndex index = switch (objectionIndex) {
            case "sortedArray" -> new SortedArrayIndex(objections);
            case "roaring" -> new RoaringIndex(RoaringBitmap.bitmapOf(objections));
            default -> throw new IllegalArgumentException(objectionIndex);
        };
        facts = new IndexedFacts(index, List.of(consent), attempts, base.plus(Duration.ofDays(20)));

        FrenchNumber caller = (FrenchNumber) NumberParser.parse("0162000001", LocalDate.of(2026, 9, 15));
        CallerId callerId = CallerId.of(caller);
        daytime = new CallRequest[REQUESTS];
        anytime = new CallRequest[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            // 1% of callees are taken from the objection set, the rest are random 06 mobiles.
            int nsn = random.nextInt(100) == 0 ? objections[random.nextInt(OBJECTIONS)]
                    : 600_000_000 + random.nextInt(100_000_000);
            FrenchNumber callee = (FrenchNumber) NumberParser.parse("0" + nsn, LocalDate.of(2026, 9, 15));
            int centre = random.nextBoolean() ? 0 : CENTRE;
            Instant inHours = base.plusSeconds(random.nextInt(4) * 86_400L + random.nextInt(3 * 3600));
            Instant anyHour = base.plusSeconds(random.nextInt(7 * 86_400));
            daytime[i] = new CallRequest(callee, callerId, PRO, centre, "insurance", Sector.OTHER, inHours, null,
                    false, false);
            anytime[i] = daytime[i].at(anyHour);
        }
    }

    @Benchmark
    public Facts lookupOnly() {
        CallRequest r = daytime[next++ & (REQUESTS - 1)];
        return facts.load(((FrenchNumber) r.callee()).nsn());
    }

    @Benchmark
    public Decision decide() {
        CallRequest r = daytime[next++ & (REQUESTS - 1)];
        return engine.decide(r, facts.load(((FrenchNumber) r.callee()).nsn()));
    }

    @Benchmark
    public Decision decideWithDenials() {
        CallRequest r = anytime[next++ & (REQUESTS - 1)];
        return engine.decide(r, facts.load(((FrenchNumber) r.callee()).nsn()));
    }

    /** The node's set of numbers that objected to this professional. */
    interface ObjectionIndex {
        boolean contains(int nsn);
    }

    record SortedArrayIndex(int[] sorted) implements ObjectionIndex {
        @Override
        public boolean contains(int nsn) {
            return Arrays.binarySearch(sorted, nsn) >= 0;
        }
    }

    record RoaringIndex(RoaringBitmap bitmap) implements ObjectionIndex {
        @Override
        public boolean contains(int nsn) {
            return bitmap.contains(nsn);
        }
    }

    /** A per-thread view over the node's indexes, repointed at each callee: nothing is copied per decision. */
    static final class IndexedFacts implements Facts {
        private static final Instant OBJECTED_AT = LocalDateTime.parse("2026-03-02T11:00").atZone(PARIS).toInstant();

        private final ObjectionIndex objections;
        private final List<Consent> consents;
        private final long[] attempts;
        private final Instant screeningValidUntil;
        private Instant objectedAt;

        IndexedFacts(ObjectionIndex objections, List<Consent> consents, long[] attempts, Instant screeningValidUntil) {
            this.objections = objections;
            this.consents = consents;
            this.attempts = attempts;
            this.screeningValidUntil = screeningValidUntil;
        }

        IndexedFacts load(int nsn) {
            objectedAt = objections.contains(nsn) ? OBJECTED_AT : null;
            return this;
        }

        @Override
        public List<Consent> consents() {
            return consents;
        }

        @Override
        public Instant objectedAt() {
            return objectedAt;
        }

        @Override
        public OppositionRegistration registration() {
            return null;
        }

        @Override
        public Instant screeningValidUntil() {
            return screeningValidUntil;
        }

        @Override
        public int attemptCount() {
            return attempts.length;
        }

        @Override
        public long attemptEpochMilli(int i) {
            return attempts[i];
        }

        @Override
        public Instant lastRefusal() {
            return null;
        }

        @Override
        public List<AgreedSlot> agreedSlots() {
            return List.of();
        }
    }
}
