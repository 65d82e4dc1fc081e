package fr.consenti.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code consenti scrub}: cleans a call file on a running server, as a professional would from its own machine:
 * uploads it (streamed from disk), follows the job with a progress bar on stderr, downloads the cleaned file and,
 * when asked, the report.
 */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = {"Cleans a call file on a Consenti server (POST /api/v1/scrub-jobs) and downloads the result.",
                "Exit code 0 when the file was cleaned, 1 when the server could not clean it (the reason, and the "
                        + "line for a file it cannot read, on stderr), 2 for a bad option or an unreadable input "
                        + "file, 3 when the server cannot be reached or refused the request (key, plan, quota)."})
public final class ScrubCommand implements Callable<Integer> {

    static final int EXIT_JOB_FAILED = 1;
    static final int EXIT_SERVER = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--server", required = true, paramLabel = "<url>", description = "e.g. http://localhost:8080")
    String server;

    @Option(names = "--key", paramLabel = "<api key>", defaultValue = "${env:CONSENTI_API_KEY}",
            description = "The professional's API key (default: CONSENTI_API_KEY).")
    String key;

    @Option(names = "--in", required = true, paramLabel = "<calls.csv>", description = "The call file.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "<cleaned.csv>", description = "Where to write the result.")
    Path out;

    @Option(names = "--purpose", description = "The purpose code consents must cover (required from 2026-08-11).")
    String purpose;

    @Option(names = "--at", paramLabel = "<yyyy-MM-dd>", description = "Campaign date (default: today in Paris).")
    String at;

    @Option(names = "--report", paramLabel = "<report.json>", description = "Also download the JSON report.")
    Path report;

    @Option(names = "--separator", description = "';', ',' or tab (default: detected).")
    String separator;

    @Option(names = "--encoding", description = "UTF-8 or windows-1252 (default: detected).")
    String encoding;

    @Option(names = "--column", description = "The phone column: its header, or its position from 1.")
    String column;

    @Option(names = "--poll", defaultValue = "PT0.5S", description = "How often to ask for progress (default PT0.5S).")
    Duration poll;

    @Spec
    CommandSpec spec;

    private HttpClient http;
    private PrintWriter err;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        try {
            return run(stdout);
        } finally {
            stdout.flush();
            err.flush();
        }
    }

    private int run(PrintWriter stdout) {
        if (key == null || key.isBlank()) {
            err.println("An API key is needed: --key or CONSENTI_API_KEY.");
            return ConsentiCli.EXIT_BAD_INPUT;
        }
        if (!Files.isRegularFile(in) || !Files.isReadable(in)) {
            err.println("Cannot read the call file " + in + ".");
            return ConsentiCli.EXIT_BAD_INPUT;
        }
        URI base;
        try {
            base = URI.create(server.endsWith("/") ? server : server + "/");
            if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            err.println("--server: " + server + " is not an http(s) URL.");
            return ConsentiCli.EXIT_BAD_INPUT;
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> submitted = submit(base);
            if (submitted.statusCode() != 202) {
                err.println("The server refused the file: " + problem(submitted));
                return EXIT_SERVER;
            }
            String id = JSON.readTree(submitted.body()).path("id").asString();
            JsonNode job = follow(base, id);
            if (!job.path("status").asString().equals("DONE")) {
                JsonNode error = job.path("error");
                err.println("The file was not cleaned: " + error.path("code").asString() + ": "
                        + error.path("message").asString()
                        + (error.path("line").isNumber() ? " (line " + error.path("line").asLong() + ")" : ""));
                return EXIT_JOB_FAILED;
            }
            download(base.resolve("api/v1/scrub-jobs/" + id + "/result"), out);
            if (report != null) {
                download(base.resolve("api/v1/scrub-jobs/" + id + "/report"), report);
            }
            stdout.println("Cleaned " + in.getFileName() + " (job " + id + "): " + job.path("rowsRead").asLong()
                    + " rows read, " + job.path("rowsKept").asLong() + " kept, " + job.path("rowsRejected").asLong()
                    + " removed " + counts(job.path("counts")) + "; valid until " + job.path("validUntil").asString()
                    + (job.path("audit").asBoolean() ? " (audit of a past campaign)" : "") + ". Written to " + out
                    + (report != null ? ", report in " + report : "") + ".");
            return 0;
        } catch (IOException e) {
            err.println("Cannot reach " + server + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
            return EXIT_SERVER;
        } catch (ServerError e) {
            err.println(e.getMessage());
            return EXIT_SERVER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted.");
            return EXIT_SERVER;
        }
    }

    private HttpResponse<String> submit(URI base) throws IOException, InterruptedException {
        String boundary = "consenti-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        Map<String, String> options = new java.util.LinkedHashMap<>();
        put(options, "purpose", purpose);
        put(options, "at", at);
        put(options, "separator", separator);
        put(options, "encoding", encoding);
        put(options, "column", column);
        StringBuilder head = new StringBuilder();
        options.forEach((name, value) -> head.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        String fileName = URLEncoder.encode(in.getFileName().toString(), StandardCharsets.UTF_8);
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: text/csv\r\n\r\n");
        parts.add(HttpRequest.BodyPublishers.ofString(head.toString()));
        // Streamed from disk: a file of millions of rows is never held in memory.
        parts.add(HttpRequest.BodyPublishers.ofFile(in));
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/scrub-jobs"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
                .build();
        err.print("Uploading " + in.getFileName() + " (" + Files.size(in) / 1024 + " KB)...");
        err.flush();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        err.println(" done.");
        return response;
    }

    private static void put(Map<String, String> options, String name, String value) {
        if (value != null && !value.isBlank()) {
            options.put(name, value);
        }
    }

    private JsonNode follow(URI base, String id) throws IOException, InterruptedException {
        URI status = base.resolve("api/v1/scrub-jobs/" + id);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(status)
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ServerError("Cannot follow job " + id + ": " + problem(response));
            }
            JsonNode job = JSON.readTree(response.body());
            String state = job.path("status").asString();
            bar(state, job.path("progress").asDouble());
            if (state.equals("DONE") || state.equals("FAILED")) {
                err.println();
                return job;
            }
            Thread.sleep(Math.max(50, poll.toMillis()));
        }
    }

    /** A progress bar on stderr, redrawn in place. */
    private void bar(String state, double progress) {
        int width = 30;
        int filled = (int) Math.round(progress * width);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                + String.format("%3d%%", Math.round(progress * 100)) + " " + state + "   ");
        err.flush();
    }

    private void download(URI uri, Path target) throws IOException, InterruptedException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .GET().build(), HttpResponse.BodyHandlers.ofFile(partial));
        if (response.statusCode() != 200) {
            String body = Files.readString(partial);
            Files.deleteIfExists(partial);
            throw new ServerError("Cannot download " + uri.getPath() + ": HTTP " + response.statusCode() + " "
                    + body);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String counts(JsonNode counts) {
        StringBuilder text = new StringBuilder("(");
        counts.properties().forEach(entry -> {
            if (entry.getValue().asLong() > 0) {
                text.append(text.length() > 1 ? ", " : "").append(entry.getKey()).append(' ')
                        .append(entry.getValue().asLong());
            }
        });
        return text.append(')').toString();
    }

    private static String problem(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            StringBuilder text = new StringBuilder("HTTP " + response.statusCode() + " "
                    + problem.path("code").asString() + ": " + problem.path("detail").asString());
            for (JsonNode error : problem.path("errors")) {
                text.append(" [").append(error.path("field").asString()).append(": ")
                        .append(error.path("message").asString()).append(']');
            }
            return text.toString();
        } catch (RuntimeException e) {
            return "HTTP " + response.statusCode();
        }
    }

    private static final class ServerError extends RuntimeException {
        ServerError(String message) {
            super(message);
        }
    }
}
