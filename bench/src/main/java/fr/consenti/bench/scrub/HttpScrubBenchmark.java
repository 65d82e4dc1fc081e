package fr.consenti.bench.scrub;

import fr.consenti.core.scrub.NumberScreen;
import fr.consenti.core.scrub.NumberSet;
import fr.consenti.core.scrub.ScrubOptions;
import fr.consenti.core.scrub.ScrubReport;
import fr.consenti.core.scrub.Scrubber;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole HTTP path of file cleaning against a running server that holds the benchmark's list: upload the
 * 10-million-row call file ({@code POST /api/v1/scrub-jobs}, multipart, streamed from disk), wait for the job, download
 * the cleaned file; wall time of each phase, best of {@code scrub.runs} after one warm-up run (which also fills the
 * server's list cache). In the same run, core's scrubber cleans the same file in this process against the same list,
 * for comparison. {@code bench/scripts/http-scrub.sh} starts the server and imports the list first.
 *
 * <p>Properties: {@code scrub.server} (http://localhost:18080), {@code scrub.key}, {@code scrub.at} (2026-08-01, an
 * opt-out date), {@code scrub.runs} (3), {@code scrub.data} (bench/target/data).
 */
public final class HttpScrubBenchmark {

    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]+)\"");
    private static final Pattern ROWS_KEPT = Pattern.compile("\"rowsKept\":(\\d+)");
    private static final Pattern ROWS_READ = Pattern.compile("\"rowsRead\":(\\d+)");

    private HttpScrubBenchmark() {
    }

    record Run(double upload, double clean, double download, long rowsRead, long rowsKept) {
        double total() {
            return upload + clean + download;
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path dir = Path.of(System.getProperty("scrub.data", "bench/target/data"));
        String server = System.getProperty("scrub.server", "http://localhost:18080");
        String key = System.getProperty("scrub.key");
        String at = System.getProperty("scrub.at", "2026-08-01");
        int runs = Integer.getInteger("scrub.runs", 3);
        Datasets.DataFiles data = Datasets.ensure(dir);
        Path cleaned = dir.resolve("http-cleaned.csv");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        System.out.printf("HTTP path: %s, call file %s (%,d bytes), campaign date %s; load average %s%n", server,
                data.calls().getFileName(), Files.size(data.calls()), at, loadAverage());
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Run run = once(http, server, key, at, data.calls(), cleaned);
            System.out.printf("%s: upload %.2f s, clean %.2f s, download %.2f s, total %.2f s: %,d rows read, %,d "
                    + "kept, %.2f M rows/s%n", i == 0 ? "warm-up" : "run " + i, run.upload(), run.clean(),
                    run.download(), run.total(), run.rowsRead(), run.rowsKept(), run.rowsRead() / run.total() / 1e6);
            if (i > 0) {
                measured.add(run);
            }
        }
        Run best = measured.stream().min((a, b) -> Double.compare(a.total(), b.total())).orElseThrow();
        System.out.printf("HTTP path best of %d: %.2f s (upload %.2f, clean %.2f, download %.2f), %.2f M rows/s; "
                + "load average %s%n", runs, best.total(), best.upload(), best.clean(), best.download(),
                best.rowsRead() / best.total() / 1e6, loadAverage());

        // The same cleaning in this process: core's scrubber, one thread, disk to disk.
        NumberSet list = NumberSet.of(ScrubBenchmark.readList(data.list()));
        double bestInProcess = Double.MAX_VALUE;
        ScrubReport report = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(data.calls());
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("inproc.csv")), 1 << 16)) {
                report = new Scrubber(NumberScreen.optOut(list, NumberSet.empty()), ScrubOptions.defaults()).scrub(in, out);
            }
            bestInProcess = Math.min(bestInProcess, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("in-process scrubber best of %d: %.2f s, %.2f M rows/s (%,d kept); HTTP/in-process %.1fx; "
                + "load average %s%n", runs, bestInProcess, report.rowsRead() / bestInProcess / 1e6, report.rowsKept(),
                best.total() / bestInProcess, loadAverage());
        if (report.rowsKept() != best.rowsKept()) {
            System.out.printf("NOTE: kept rows differ: HTTP %,d, in process %,d (the server also removes canaries and "
                    + "objections)%n", best.rowsKept(), report.rowsKept());
        }
    }

    private static Run once(HttpClient http, String server, String key, String at, Path calls, Path cleaned)
            throws Exception {
        String boundary = "bench" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"at\"\r\n\r\n" + at + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"calls.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n";
        HttpRequest upload = HttpRequest.newBuilder(URI.create(server + "/api/v1/scrub-jobs"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(calls),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(upload, HttpResponse.BodyHandlers.ofString());
        long uploaded = System.nanoTime();
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("upload refused: " + accepted.statusCode() + " " + accepted.body());
        }
        String id = group(ID, accepted.body());
        String job;
        while (true) {
            job = http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/scrub-jobs/" + id))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
            String status = group(STATUS, job);
            if (status.equals("DONE")) {
                break;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("job failed: " + job);
            }
            Thread.sleep(20);
        }
        long done = System.nanoTime();
        HttpResponse<Path> result = http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/scrub-jobs/" + id
                + "/result")).header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofFile(cleaned));
        long downloaded = System.nanoTime();
        if (result.statusCode() != 200) {
            throw new IllegalStateException("download failed: " + result.statusCode());
        }
        return new Run((uploaded - start) / 1e9, (done - uploaded) / 1e9, (downloaded - done) / 1e9,
                Long.parseLong(group(ROWS_READ, job)), Long.parseLong(group(ROWS_KEPT, job)));
    }

    /** Writes the list as a registry snapshot ({@code number;registered_at}) for {@code consenti registry import}. */
    public static final class Snapshot {
        public static void main(String[] args) throws Exception {
            Datasets.DataFiles data = Datasets.ensure(Path.of(args[0]));
            Path out = Path.of(args[1]);
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
                writer.println("number;registered_at");
                for (int nsn : ScrubBenchmark.readList(data.list())) {
                    writer.println("0" + nsn + ";2025-01-02");
                }
            }
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
