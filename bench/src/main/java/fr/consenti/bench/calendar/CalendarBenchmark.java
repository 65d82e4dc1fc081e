package fr.consenti.bench.calendar;

import fr.consenti.core.calendar.CalendarPolicy;
import fr.consenti.core.calendar.CalleeLocation;
import fr.consenti.core.calendar.CallingCalendar;
import fr.consenti.core.calendar.HolidayZone;
import fr.consenti.core.number.Territory;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The calling calendar's check, per call, against the straightforward way to write it ({@link ZonedDateTime},
 * a {@code HashSet<LocalDate>} of holidays) on the same 4,096 calls: random instants of 2025-2027, callees in
 * Paris, Alsace, Martinique and Réunion.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar CalendarBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CalendarBenchmark {

    private static final int CALLS = 4096;

    private final CallingCalendar calendar = new CallingCalendar(CalendarPolicy.DEFAULT);
    private final Instant[] instants = new Instant[CALLS];
    private final CalleeLocation[] callees = new CalleeLocation[CALLS];
    private final Set<LocalDate> baselineHolidays = new HashSet<>();

    @Setup
    public void setUp() {
        Random random = new Random(42);
        CalleeLocation[] places = {
                CalleeLocation.of(Territory.METROPOLE), CalleeLocation.of(Territory.METROPOLE, "67"),
                CalleeLocation.of(Territory.MARTINIQUE), CalleeLocation.of(Territory.REUNION)};
        long from = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2028-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < CALLS; i++) {
            instants[i] = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)));
            callees[i] = places[random.nextInt(places.length)];
        }
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.getYear() < 2029; d = d.plusDays(1)) {
            if (calendar.isPublicHoliday(d, HolidayZone.METROPOLE)) {
                baselineHolidays.add(d);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void check(Blackhole blackhole) {
        for (int i = 0; i < CALLS; i++) {
            blackhole.consume(calendar.check(instants[i], callees[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void closedReason(Blackhole blackhole) {
        for (int i = 0; i < CALLS; i++) {
            blackhole.consume(calendar.closedReason(instants[i], callees[i]));
        }
    }

    /** What a first version would write; holidays of metropolitan France only, so it does less than the real one. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void baselineZonedDateTime(Blackhole blackhole) {
        for (int i = 0; i < CALLS; i++) {
            ZonedDateTime local = instants[i].atZone(callees[i].zone());
            DayOfWeek day = local.getDayOfWeek();
            LocalTime time = local.toLocalTime();
            boolean open = day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY
                    && !baselineHolidays.contains(local.toLocalDate())
                    && ((!time.isBefore(LocalTime.of(10, 0)) && time.isBefore(LocalTime.of(13, 0)))
                    || (!time.isBefore(LocalTime.of(14, 0)) && time.isBefore(LocalTime.of(20, 0))));
            blackhole.consume(open);
        }
    }

    /** The next opening of closed calls (about two thirds of random instants). */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void nextOpen(Blackhole blackhole) {
        for (int i = 0; i < CALLS; i++) {
            blackhole.consume(calendar.nextOpen(instants[i], callees[i]));
        }
    }

}
