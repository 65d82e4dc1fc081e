package fr.consenti.bench.consent;

import fr.consenti.bench.http.KeepAliveConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole-program load generator: consents recorded through {@code POST /api/v1/consents} of a running server.
 * Defines one purpose (with the JDK's {@code HttpClient}), then {@code workers} threads each POST distinct valid
 * web-form consents over a keep-alive HTTP/1.1 connection of their own ({@link KeepAliveConnection}, far lighter
 * on the client's share of the two cores than {@code HttpClient}), a warm-up phase then a measured phase, each
 * bounded by a duration and a count. Prints consents/s, p50/p95/p99/max latency of the measured phase and the count of answers other than 201.
 *
 * <pre>java -cp bench/target/benchmarks.jar fr.consenti.bench.consent.ConsentLoad
 *     --port 8080 --key ck_... [--workers 48] [--warmup 10] [--seconds 20] [--max 2000000] [--seed 20261129]</pre>
 */
public final class ConsentLoad {

    static final String NOTICE = "J'accepte d'être appelé par Exemple SA pour des offres de rénovation énergétique.";

    public static void main(String[] args) throws Exception {
        int port = 8080;
        String key = System.getenv("CONSENTI_DEMO_KEY");
        int workers = 48;
        int warmupSeconds = 10;
        int seconds = 20;
        int max = 2_000_000;
        long seed = 20261129L;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--key" -> key = args[++i];
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--max" -> max = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("--key (or CONSENTI_DEMO_KEY) is required");
        }
        String base = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Bearer " + key;

        String purpose = "BENCH_" + Long.toString(seed, 36).toUpperCase(Locale.ROOT);
        HttpResponse<String> defined = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/purposes"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + purpose
                        + "\",\"label\":\"Banc d'essai\",\"nature\":\"Isolation des logements\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (defined.statusCode() != 201 && defined.statusCode() != 409) {
            throw new IllegalStateException("purpose: " + defined.statusCode() + " " + defined.body());
        }
        // The notice text goes once; every later consent names it by its SHA-256, as a client would.
        String noticeSha = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(NOTICE.getBytes(StandardCharsets.UTF_8)));
        Numbers numbers = new Numbers(seed);
        HttpResponse<String> first = client.send(consent(base, auth, purpose, numbers.next(),
                "{\"text\":\"" + NOTICE + "\",\"language\":\"fr\"}"), HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 201) {
            throw new IllegalStateException("first consent: " + first.statusCode() + " " + first.body());
        }
        String notice = "{\"sha256\":\"" + noticeSha + "\"}";

        System.out.printf("ConsentLoad: %s, %d workers (a thread and a keep-alive HTTP/1.1 connection each), "
                        + "purpose %s, seed %d%n",
                base, workers, purpose, seed);
        Phase warm = run("warm-up", port, key, purpose, notice, numbers, workers, warmupSeconds, max);
        warm.print();
        Phase measured = run("measured", port, key, purpose, notice, numbers, workers, seconds, max);
        measured.print();
        System.exit(measured.errors.get() == 0 && warm.errors.get() == 0 ? 0 : 1);
    }

    static String consentJson(String purpose, String number, String notice) {
        return "{\"number\":\"" + number + "\",\"purposes\":[\"" + purpose + "\"],\"channel\":\"WEB_FORM\","
                + "\"notice\":" + notice + ",\"evidence\":{\"kind\":\"FORM_SUBMISSION\",\"ip\":\"203.0.113.7\","
                + "\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"submittedAt\":\""
                + Instant.now().minusSeconds(5) + "\"}}";
    }

    static HttpRequest consent(String base, String auth, String purpose, String number, String notice) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/consents"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(consentJson(purpose, number, notice))).build();
    }

    static byte[] consentBody(String purpose, String number, String notice) {
        return consentJson(purpose, number, notice).getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct 06 numbers drawn from the seed, in a deterministic order (a number drawn twice is skipped). */
    static final class Numbers {
        private final SplittableRandom random;
        private final java.util.Set<Integer> used = ConcurrentHashMap.newKeySet();

        Numbers(long seed) {
            this.random = new SplittableRandom(seed);
        }

        synchronized String next() {
            while (true) {
                int eight = random.nextInt(100_000_000);
                if (used.add(eight)) {
                    return String.format("06%08d", eight);
                }
            }
        }
    }

    static final class Phase {
        final String name;
        final long[] nanos;
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong errors = new AtomicLong();
        final ConcurrentHashMap<String, String> sampleErrors = new ConcurrentHashMap<>();
        long elapsedNanos;

        Phase(String name, int max) {
            this.name = name;
            this.nanos = new long[max];
        }

        void print() {
            int n = Math.min(count.get(), nanos.length);
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            double seconds = elapsedNanos / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d consents in %.2f s = %.0f consents/s; latency ms p50 %.2f p95 %.2f "
                            + "p99 %.2f max %.2f; non-201 answers %d%n", name, n, seconds, n / seconds,
                    ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e6, errors.get());
            sampleErrors.forEach((k, v) -> System.out.println("  error " + k + ": " + v));
        }

        static double ms(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
        }
    }

    static Phase run(String name, int port, String key, String purpose, String notice, Numbers numbers,
                     int workers, int seconds, int max) throws InterruptedException {
        Phase phase = new Phase(name, max);
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            Thread.ofPlatform().name("load-" + w).start(() -> {
                KeepAliveConnection connection = null;
                try {
                    connection = new KeepAliveConnection(port);
                    while (System.nanoTime() < deadline) {
                        byte[] body = consentBody(purpose, numbers.next(), notice);
                        long t0 = System.nanoTime();
                        int status;
                        String answer = "";
                        try {
                            status = connection.post("/api/v1/consents", key, body);
                            if (status != 201) {
                                answer = connection.lastBody();
                            }
                        } catch (IOException e) {
                            status = -1;
                            answer = e.toString();
                            connection.close();
                            connection = new KeepAliveConnection(port);
                        }
                        long took = System.nanoTime() - t0;
                        int slot = phase.count.getAndIncrement();
                        if (slot >= max) {
                            phase.count.decrementAndGet();
                            break;
                        }
                        phase.nanos[slot] = took;
                        if (status != 201) {
                            phase.errors.incrementAndGet();
                            phase.sampleErrors.putIfAbsent(String.valueOf(status),
                                    answer.length() > 300 ? answer.substring(0, 300) : answer);
                        }
                    }
                } catch (IOException e) {
                    phase.errors.incrementAndGet();
                    phase.sampleErrors.putIfAbsent("connection", e.toString());
                } finally {
                    if (connection != null) {
                        try {
                            connection.close();
                        } catch (IOException ignored) {
                            // closing at the end of the phase
                        }
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        phase.elapsedNanos = System.nanoTime() - start;
        return phase;
    }
}
