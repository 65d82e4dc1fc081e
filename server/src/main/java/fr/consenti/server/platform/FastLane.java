package fr.consenti.server.platform;

import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.accounts.ApiKeyAuthenticator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

/**
 * Answers the dialler's hottest endpoints ({@link FastLaneEndpoint}) before the servlet filters of Spring Security,
 * Micrometer's HTTP observation and Spring MVC run. Those cost a light API request about ten times what its work
 * does (BENCHMARKS.md, dialler API): the profile of single checks showed 87 % of the request's CPU outside the
 * check itself.
 *
 * <p>Only the ordinary request takes this lane: POST to the exact path, a key that {@link ApiKeyAuthenticator} (the
 * same one the security chain uses) finds live, a JSON body, an Accept that takes JSON, and an answer. Every other
 * request, and every request whose endpoint declines, goes on down the full stack with its body intact,
 * so that refusals and errors keep one definition (the security chain's and the controllers'). The answer carries
 * the same security headers as the chain would add; the lane's own timer ({@code consenti.fastlane.requests}: the time
 * from the request's arrival in the lane to its answer being ready) stands in for {@code http.server.requests},
 * which does not see these requests.
 */
final class FastLane implements Filter {

    /** A body larger than this goes down the full stack unread (a batch of 10,000 checks is about 1.3 MB). */
    static final int MAX_BODY = 4 << 20;

    private final Map<String, FastLaneEndpoint> endpoints = new HashMap<>();
    private final Map<String, Timer> timers = new HashMap<>();
    private final ApiKeyAuthenticator keys;

    FastLane(List<FastLaneEndpoint> endpoints, ApiKeyAuthenticator keys, MeterRegistry meters) {
        for (FastLaneEndpoint endpoint : endpoints) {
            this.endpoints.put(endpoint.path(), endpoint);
            this.timers.put(endpoint.path(), Timer.builder("consenti.fastlane.requests")
                    .description("API requests answered ahead of the security chain and Spring MVC")
                    .tag("uri", endpoint.path())
                    .register(meters));
        }
        this.keys = keys;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        FastLaneEndpoint endpoint = "POST".equals(request.getMethod()) ? endpoints.get(request.getRequestURI()) : null;
        if (endpoint == null || !takesJson(request)) {
            chain.doFilter(req, res);
            return;
        }
        long started = System.nanoTime();
        Optional<ApiCaller> caller = authenticated(request);
        int length = request.getContentLength();
        // A body without a length (chunked) or a very large one goes down the full stack, unread.
        if (caller.isEmpty() || length < 0 || length > MAX_BODY) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(length);
        FastLaneEndpoint.Answer answer = endpoint.answer(caller.get(), body, request);
        if (answer == null) {
            // The full stack answers it again, with the problem its controller and handlers define.
            chain.doFilter(new BodyReplay(request, body), res);
            return;
        }
        // Counted before the answer leaves, so that a client that has it also sees it counted.
        timers.get(endpoint.path()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        HttpServletResponse response = (HttpServletResponse) res;
        writeSecurityHeaders(request, response);
        ByteBuffer json = answer.json();
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setContentLength(json.remaining());
        response.getOutputStream().write(json.array(), json.arrayOffset() + json.position(), json.remaining());
    }

    private Optional<ApiCaller> authenticated(HttpServletRequest request) {
        String presented = ApiKeyFilter.presentedKey(request);
        return presented == null || presented.isEmpty() ? Optional.empty() : keys.authenticate(presented);
    }

    /** A JSON body, and an Accept (if any) that takes a JSON answer; anything else the full stack negotiates. */
    private static boolean takesJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.regionMatches(true, 0, "application/json", 0, 16)
                || (type.length() > 16 && type.charAt(16) != ';' && type.charAt(16) != ' ')) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equals("application/json");
    }

    /** The headers Spring Security's default header writers add to an API answer. */
    private static void writeSecurityHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
        response.setHeader(HttpHeaders.EXPIRES, "0");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    /** The request as it came, its body read once already and given again to whoever reads it next. */
    private static final class BodyReplay extends HttpServletRequestWrapper {

        private final byte[] body;

        BodyReplay(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("a replayed body is read synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<FastLane> fastLane(List<FastLaneEndpoint> endpoints, ApiKeyAuthenticator keys,
                                                  MeterRegistry meters) {
            FastLane lane = new FastLane(endpoints, keys, meters);
            FilterRegistrationBean<FastLane> registration = new FilterRegistrationBean<>(lane);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.setUrlPatterns(endpoints.stream().map(FastLaneEndpoint::path).toList());
            registration.setName("fastLane");
            return registration;
        }
    }
}
