package fr.consenti.bench.index;

import fr.consenti.core.index.ScreeningIndex;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberParser;
import fr.consenti.core.rules.CallRequest;
import fr.consenti.core.rules.CallerId;
import fr.consenti.core.rules.Consent;
import fr.consenti.core.rules.ConsentChannel;
import fr.consenti.core.rules.Decision;
import fr.consenti.core.rules.Facts;
import fr.consenti.core.rules.FactsSnapshot;
import fr.consenti.core.rules.RulesEngine;
import fr.consenti.core.rules.Sector;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reads through the screening index built from 5 M listed numbers, 1 M consents and 1 M objections: one
 * {@code factsFor} per operation, and one full decision ({@code factsFor} then {@code RulesEngine.decide}) per
 * operation, against the engine alone on one prepared {@link FactsSnapshot} as the baseline. Requests: a third
 * are (professional, number) pairs holding a consent, a tenth listed numbers, a tenth objections, the rest random
 * numbers; opt-in calls in working hours (2026-09-15 onwards).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScreeningIndexBenchmark {

    private static final int REQUESTS = 1 << 16;

    private ScreeningIndex index;
    private RulesEngine engine;
    private CallRequest[] requests;
    private int[] nsns;
    private FactsSnapshot snapshot;

    @Setup(Level.Trial)
    public void setUp() {
        IndexDataset data = new IndexDataset(5_000_000, 1_000_000, 1_000_000, 20261129);
        index = data.build(true, true, true);
        // Current for the whole run: staleness is the server's concern, measured elsewhere.
        index.confirmCurrent(IndexDataset.NOW.plusSeconds(7 * 86_400));
        engine = new RulesEngine();
        SplittableRandom random = new SplittableRandom(7);
        CallerId callerId = CallerId.of(NumberParser.parse("0162000001", LocalDate.of(2026, 9, 15)));
        requests = new CallRequest[REQUESTS];
        nsns = new int[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            int pick = random.nextInt(30);
            int pro;
            int nsn;
            if (pick < 10) {
                int c = random.nextInt(data.consents.length);
                pro = data.consents[c].professional();
                nsn = data.consentNsn[c];
            } else if (pick < 13) {
                pro = IndexDataset.professional(random);
                nsn = data.listed[random.nextInt(data.listed.length)];
            } else if (pick < 16) {
                int o = random.nextInt(data.objectionNsn.length);
                pro = data.objectionPro[o];
                nsn = data.objectionNsn[o];
            } else {
                pro = IndexDataset.professional(random);
                nsn = IndexDataset.randomNsn(random);
            }
            if (!(NumberParser.parse("0" + nsn, LocalDate.of(2026, 9, 15)) instanceof FrenchNumber callee)) {
                // Random digits can land outside the numbering plan: the API would reject them before the index.
                i--;
                continue;
            }
            Instant at = IndexDataset.NOW.plusSeconds(random.nextInt(3) * 86_400L + random.nextInt(3 * 3600));
            requests[i] = new CallRequest(callee, callerId, pro, 0, "insurance", Sector.OTHER, at, null, false, false);
            nsns[i] = nsn;
        }
        // The baseline: the engine on facts already in hand (one consent, for the first request's professional).
        snapshot = FactsSnapshot.empty(IndexDataset.NOW.plusSeconds(7 * 86_400 + 2))
                .withConsents(List.of(consentFor(requests[0].professional())));
    }

    private static Consent consentFor(int professional) {
        return new Consent(professional, new int[0], IndexDataset.PURPOSES, ConsentChannel.WEB_FORM,
                IndexDataset.NOW.minusSeconds(86_400 * 30), null, null);
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public Facts factsFor(Cursor cursor) {
        int i = cursor.next++ & (REQUESTS - 1);
        return index.factsFor(requests[i].professional(), nsns[i]);
    }

    @Benchmark
    public Decision decideThroughIndex(Cursor cursor) {
        int i = cursor.next++ & (REQUESTS - 1);
        CallRequest r = requests[i];
        return engine.decide(r, index.factsFor(r.professional(), nsns[i]));
    }

    @Benchmark
    public Decision decideOnSnapshot(Cursor cursor) {
        int i = cursor.next++ & (REQUESTS - 1);
        return engine.decide(requests[i], snapshot);
    }
}
