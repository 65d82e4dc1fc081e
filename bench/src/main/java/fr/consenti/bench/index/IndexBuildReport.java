package fr.consenti.bench.index;

import fr.consenti.core.index.ScreeningIndex;
import java.util.Locale;

/**
 * Builds the screening index from 5 M listed numbers, 1 M consents and 1 M objections (or the counts given as
 * arguments) and prints the build time and the heap it retains, in total and per kind of entry. Heap is read
 * from {@link Runtime} after repeated {@code System.gc()}: run with a fixed heap ({@code -Xms -Xmx}) so it means
 * something.
 */
public final class IndexBuildReport {

    private IndexBuildReport() {
    }

    public static void main(String[] args) {
        int listed = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int consents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int objections = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf(Locale.ROOT, "rows: %,d listed, %,d consents, %,d objections; %d cores; max heap %,d MB%n",
                listed, consents, objections, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        long empty = usedAfterGc();
        IndexDataset data = new IndexDataset(0, consents, 0, 20261129);
        // The Consent records come from the row reader and the index keeps them: counted apart, not in "consents".
        System.out.printf(Locale.ROOT, "consent records as read (record, collection instant, nsn): %.1f bytes each%n",
                (double) (usedAfterGc() - empty) / Math.max(1, consents));
        data = null;
        data = new IndexDataset(listed, consents, objections, 20261129);
        for (int round = 1; round <= rounds; round++) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            ScreeningIndex index = data.build(true, true, true);
            long t1 = System.nanoTime();
            long retained = usedAfterGc() - before;
            System.out.printf(Locale.ROOT, "round %d: all built in %.2f s, retains %,d MB (%d listed, %d keys)%n",
                    round, (t1 - t0) / 1e9, retained >> 20, index.listedNumbers(), index.keyCount());
            index = null;
        }
        feed(data);
        part(data, "opposition list", true, false, false, listed);
        part(data, "consents", false, true, false, consents);
        part(data, "objections", false, false, true, objections);
    }

    /** The writer's cost per event, and its longest pause: the overlay fold over the whole list. */
    private static void feed(IndexDataset data) {
        ScreeningIndex index = data.build(true, true, true);
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int events = 400_000;
        long worst = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            java.time.Instant at = IndexDataset.NOW.plusMillis(i);
            int nsn = IndexDataset.randomNsn(random);
            fr.consenti.core.index.ChangeEvent e = switch (i % 4) {
                case 0 -> new fr.consenti.core.index.ChangeEvent.OppositionRegistered(2 + i, nsn,
                        new fr.consenti.core.rules.OppositionRegistration(at, at.plusSeconds(86_400 * 30),
                                at.plusSeconds(86_400 * 1125)));
                case 1 -> new fr.consenti.core.index.ChangeEvent.AttemptRecorded(2 + i,
                        data.consents[i % data.consents.length].professional(),
                        data.consentNsn[i % data.consents.length], at);
                case 2 -> new fr.consenti.core.index.ChangeEvent.ConsentsWithdrawn(2 + i,
                        data.consents[i % data.consents.length].professional(),
                        data.consentNsn[i % data.consents.length], at);
                default -> new fr.consenti.core.index.ChangeEvent.ObjectionRecorded(2 + i,
                        IndexDataset.professional(random), nsn, at);
            };
            long s = System.nanoTime();
            index.apply(e, at);
            worst = Math.max(worst, System.nanoTime() - s);
        }
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "feed: %,d events (a quarter registrations) in %.2f s, %.1f µs/event, "
                + "longest apply %.0f ms (overlay folds), %d listed%n", events, (t1 - t0) / 1e9,
                (t1 - t0) / 1e3 / events, worst / 1e6, index.listedNumbers());
    }

    private static void part(IndexDataset data, String what, boolean r, boolean c, boolean o, int entries) {
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        ScreeningIndex index = data.build(r, c, o);
        long t1 = System.nanoTime();
        long retained = usedAfterGc() - before;
        System.out.printf(Locale.ROOT, "%-16s %,11d entries: built in %.2f s, retains %,d MB, %.1f bytes/entry%n",
                what, entries, (t1 - t0) / 1e9, retained >> 20, (double) retained / entries);
        if (index.lastSequence() != 1) {
            throw new AssertionError("not built");
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
