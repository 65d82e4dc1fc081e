package fr.consenti.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A professional's API client for file cleaning, as a dialler's integration would call it. */
final class ScrubClient {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    final String key;
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Http http;

    ScrubClient(int port, String key) {
        this.key = key;
        this.base = "http://localhost:" + port;
        this.http = Http.withKey(port, key);
    }

    HttpResponse<String> subscribe(String plan) {
        return http.send("POST", "/api/v1/subscriptions", "application/json", "{\"plan\":\"" + plan + "\"}");
    }

    /** Posts the file with these options (name, value, ...), as multipart/form-data. */
    HttpResponse<String> submit(byte[] file, String... options) {
        String boundary = "----consenti" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            fields.put(options[i], options[i + 1]);
        }
        try {
            for (Map.Entry<String, String> field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                        + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (file != null) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"calls.csv\""
                        + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(file);
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/scrub-jobs"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Submits, expects 202, and waits for the job to end (a deadline, never a sleep for a rule). */
    JsonNode clean(byte[] file, String... options) {
        HttpResponse<String> accepted = submit(file, options);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).isPresent();
        return await(Http.json(accepted).path("id").asString());
    }

    JsonNode await(String id) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            HttpResponse<String> status = http.get("/api/v1/scrub-jobs/" + id);
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            JsonNode job = Http.json(status);
            String state = job.path("status").asString();
            if (state.equals("DONE") || state.equals("FAILED")) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " still " + state + " after " + DEADLINE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    byte[] result(String id) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scrub-jobs/" + id
                + "/result")).header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    String resultText(String id) {
        return new String(result(id), StandardCharsets.UTF_8);
    }

    JsonNode report(String id) {
        HttpResponse<String> response = http.get("/api/v1/scrub-jobs/" + id + "/report");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
