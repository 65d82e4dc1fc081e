package fr.consenti.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at a browser, as far as the server can tell: keeps cookies, reads the CSRF token from the form it was
 * shown and posts it back, does not follow redirects (tests look at them). Every request can come "from" a given
 * client address through X-Forwarded-For, which the server trusts from the loopback proxy, as it would a proxy.
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;
    private final String address;

    public Browser(int port) {
        this(port, null);
    }

    public Browser(int port, String address) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        this.address = address;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).GET());
    }

    /** A GET whose body is kept as bytes (a PDF, a download). */
    public HttpResponse<byte[]> getBytes(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with extra headers (name, value, ...), e.g. what a proxy adds. */
    public HttpResponse<String> getVia(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).headers(headers).GET());
    }

    /** Any request: a form body when {@code form} is not null (with {@code csrfToken} when not null), extra headers. */
    public HttpResponse<String> request(String method, String path, Map<String, String> form, String csrfToken,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (form == null) {
            return send(request.method(method, HttpRequest.BodyPublishers.noBody()));
        }
        Map<String, String> all = new LinkedHashMap<>(form);
        if (csrfToken != null) {
            all.put("_csrf", csrfToken);
        }
        StringJoiner body = new StringJoiner("&");
        all.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return send(request.header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A JSON request with this browser's cookies (a consumer app on its session): {@code json} may be null. */
    public HttpResponse<String> json(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (json == null) {
            return send(request.method(method, HttpRequest.BodyPublishers.noBody()));
        }
        return send(request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A GET whose body is kept as bytes (a PDF). */
    public HttpResponse<byte[]> bytes(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code page}, then submits its form (the one posting to {@code action}) with these fields and its CSRF token. */
    public HttpResponse<String> submit(String page, String action, Map<String, String> fields) {
        HttpResponse<String> shown = get(page);
        if (shown.statusCode() != 200) {
            throw new IllegalStateException(page + " answered " + shown.statusCode());
        }
        return post(action, fields, csrf(shown.body()));
    }

    /** Posts a form with the given CSRF token (null for none). */
    public HttpResponse<String> post(String action, Map<String, String> fields, String csrfToken) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrfToken != null) {
            all.put("_csrf", csrfToken);
        }
        StringJoiner body = new StringJoiner("&");
        all.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /**
     * Posts a multipart form, as a browser does for a form with a file: the fields (the CSRF token among them when
     * not null), then the file in the part {@code fileField}, with extra headers (name, value, ...).
     */
    public HttpResponse<String> postMultipart(String action, Map<String, String> fields, String fileField,
            String fileName, byte[] content, String csrfToken, String... headers) {
        String boundary = "----browser" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrfToken != null) {
            all.put("_csrf", csrfToken);
        }
        all.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                + "\"; filename=\"" + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** Signs in through the sign-in page; returns the answer to the form post (a redirect). */
    public HttpResponse<String> signIn(String email, String password) {
        return submit("/login", "/login", Map.of("email", email, "password", password));
    }

    public static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF token in the page");
        }
        return matcher.group(1).replace("&#45;", "-");
    }

    public static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
    }

    /** Any request built by the test (a multipart upload), with this browser's cookies. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
