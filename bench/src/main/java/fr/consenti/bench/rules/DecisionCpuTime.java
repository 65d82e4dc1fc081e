package fr.consenti.bench.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The decision benchmark's operations timed by the thread's CPU time rather than the wall clock: on a shared
 * machine whose other tenants keep the load above the core count, JMH's wall-clock throughput varies twofold
 * between runs, while decisions per CPU-second say what one core does. Not a substitute for JMH: same
 * operations, same data, no blackhole subtleties beyond consuming each result.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar fr.consenti.bench.rules.DecisionCpuTime [rounds]}
 */
public final class DecisionCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private DecisionCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (String index : new String[] {"sortedArray", "roaring"}) {
            DecisionBenchmark b = new DecisionBenchmark();
            b.objectionIndex = index;
            b.setUp();
            measure(index, "lookupOnly", b::lookupOnly, rounds);
            measure(index, "decide", b::decide, rounds);
            measure(index, "decideWithDenials", b::decideWithDenials, rounds);
        }
    }

    private static void measure(String index, String name, Supplier<Object> op, int rounds) {
        int n = 2_000_000;
        for (int i = 0; i < 5; i++) {
            run(op, n);
        }
        double best = 0;
        double sum = 0;
        for (int r = 0; r < rounds; r++) {
            long cpu = run(op, n);
            double perSecond = n / (cpu / 1e9);
            best = Math.max(best, perSecond);
            sum += perSecond;
        }
        System.out.printf("%-12s %-18s mean %,12.0f  best %,12.0f ops per CPU-second (%d rounds of %,d)%n", index, name,
                sum / rounds, best, rounds, n);
    }

    private static long run(Supplier<Object> op, int n) {
        long start = THREADS.getCurrentThreadCpuTime();
        int h = 0;
        for (int i = 0; i < n; i++) {
            h += System.identityHashCode(op.get());
        }
        sink = h;
        return THREADS.getCurrentThreadCpuTime() - start;
    }
}
