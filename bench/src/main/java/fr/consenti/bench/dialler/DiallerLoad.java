package fr.consenti.bench.dialler;

import fr.consenti.bench.http.KeepAliveConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the dialler API: keep-alive HTTP/1.1 over raw sockets (one thread per connection, each sending
 * its next request when the previous answer has arrived), so that the client costs as little CPU as possible on the
 * two cores it shares with the server. Latency per request is recorded and reported as percentiles.
 *
 * <pre>
 * DiallerLoad checks  --port P --key K --connections 32 --warmup 5 --seconds 15 --listed FROM --count N
 * DiallerLoad batch   --port P --key K --connections 2 --warmup 5 --seconds 15 --batch 10000
 * DiallerLoad calls   --port P --key K --connections 16 --warmup 5 --seconds 15
 * DiallerLoad sql     --jdbc URL --professional ID --connections 32 --warmup 5 --seconds 15
 * </pre>
 */
public final class DiallerLoad {

    private DiallerLoad() {
    }

    interface Work {
        /** One request; returns the count of numbers it judged. */
        int run(int worker, long i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = intArg(args, "--port", 8080);
        String key = arg(args, "--key", "");
        int connections = intArg(args, "--connections", 32);
        int warmup = intArg(args, "--warmup", 5);
        int seconds = intArg(args, "--seconds", 15);
        int batch = intArg(args, "--batch", 10_000);
        int base = intArg(args, "--base", 610_000_000);
        int count = intArg(args, "--count", 1_000_000);
        String at = arg(args, "--at", "2026-12-01T11:00:00+01:00");
        switch (mode) {
            case "checks" -> {
                KeepAliveConnection[] conns = conns(port, connections);
                measure("POST /api/v1/checks (one number each)", connections, warmup, seconds, (w, i) -> {
                    int nsn = base + (int) ((i * 7919 + w * 104729L) % count);
                    conns[w].post("/api/v1/checks", key, single(nsn, at, false));
                    return 1;
                });
            }
            case "batch" -> {
                KeepAliveConnection[] conns = conns(port, connections);
                byte[][] bodies = new byte[4][];
                for (int b = 0; b < bodies.length; b++) {
                    StringBuilder s = new StringBuilder("{\"checks\":[");
                    for (int j = 0; j < batch; j++) {
                        s.append(j == 0 ? "" : ",").append(new String(single(base + (b * batch + j) % count, at,
                                false), StandardCharsets.UTF_8));
                    }
                    bodies[b] = s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                }
                measure("POST /api/v1/checks (batches of " + batch + ")", connections, warmup, seconds, (w, i) -> {
                    conns[w].post("/api/v1/checks", key, bodies[(int) (i % bodies.length)]);
                    return batch;
                });
            }
            case "calls" -> {
                KeepAliveConnection[] conns = conns(port, connections);
                AtomicLong next = new AtomicLong();
                measure("POST /api/v1/calls (b2b: allowed at any hour, so each one writes)", connections, warmup,
                        seconds, (w, i) -> {
                            int nsn = 750_000_000 + (int) (next.getAndIncrement() % 49_999_999);
                            int status = conns[w].post("/api/v1/calls", key, callBody(nsn));
                            if (status != 201) {
                                throw new IllegalStateException("POST /calls answered " + status);
                            }
                            return 1;
                        });
            }
            case "sql" -> {
                String url = arg(args, "--jdbc", "jdbc:postgresql://127.0.0.1:5432/test");
                long professional = Long.parseLong(arg(args, "--professional", "1"));
                Connection[] db = new Connection[connections];
                PreparedStatement[] st = new PreparedStatement[connections];
                for (int c = 0; c < connections; c++) {
                    db[c] = DriverManager.getConnection(url, "postgres", "");
                    st[c] = db[c].prepareStatement("""
                            select exists (select 1 from opposition_entry where nsn = ? and removed_at is null),
                                   exists (select 1 from objection where professional_id = ? and nsn = ?),
                                   (select count(*) from consent where professional_id = ? and nsn = ?
                                        and status = 'ACTIVE')""");
                }
                measure("baseline: one indexed SELECT per check on PostgreSQL (list, objection, consents)",
                        connections, warmup, seconds, (w, i) -> {
                            int nsn = base + (int) ((i * 7919 + w * 104729L) % count);
                            PreparedStatement s = st[w];
                            s.setInt(1, nsn);
                            s.setLong(2, professional);
                            s.setInt(3, nsn);
                            s.setLong(4, professional);
                            s.setInt(5, nsn);
                            try (ResultSet rs = s.executeQuery()) {
                                rs.next();
                            }
                            return 1;
                        });
            }
            default -> throw new IllegalArgumentException("mode: checks, batch, calls or sql");
        }
    }

    static byte[] single(int nsn, String at, boolean b2b) {
        return ("{\"number\":\"0" + nsn + "\",\"callerId\":\"0162000000\",\"purpose\":\"DEMO\""
                + (at == null ? "" : ",\"at\":\"" + at + "\"") + (b2b ? ",\"b2b\":true" : "") + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] callBody(int nsn) {
        return single(nsn, null, true);
    }

    static void measure(String name, int workers, int warmup, int seconds, Work work) throws Exception {
        long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        long[][] latencies = new long[workers][];
        long[] counts = new long[workers];
        long[] numbers = new long[workers];
        CountDownLatch done = new CountDownLatch(workers);
        Throwable[] failure = new Throwable[1];
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread.ofPlatform().start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                long judged = 0;
                try {
                    for (long i = 0; ; i++) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        int k = work.run(worker, i);
                        long t1 = System.nanoTime();
                        if (t0 >= warmEnd) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = t1 - t0;
                            judged += k;
                        }
                    }
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    latencies[worker] = Arrays.copyOf(lat, n);
                    counts[worker] = n;
                    numbers[worker] = judged;
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        long total = Arrays.stream(counts).sum();
        long judged = Arrays.stream(numbers).sum();
        long[] all = new long[(int) total];
        int p = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, p, l.length);
            p += l.length;
        }
        Arrays.sort(all);
        System.out.printf("%s: %d connections, %d s measured after %d s warm-up%n", name, workers, seconds, warmup);
        System.out.printf("  requests/s %.0f   numbers/s %.0f   latency ms p50 %.2f p99 %.2f max %.2f (%d requests)%n",
                total / (double) seconds, judged / (double) seconds, pct(all, 50), pct(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, total);
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))] / 1e6;
    }

    static KeepAliveConnection[] conns(int port, int n) throws IOException {
        KeepAliveConnection[] c = new KeepAliveConnection[n];
        for (int i = 0; i < n; i++) {
            c[i] = new KeepAliveConnection(port);
        }
        return c;
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, String.valueOf(fallback)));
    }
}
