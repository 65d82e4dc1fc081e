package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who gets into every page and endpoint, and who is refused how. One row per endpoint: its method, its path (which
 * may name a resource of professional A, made fresh for each caller), and the status each kind of caller gets.
 * A new endpoint is one more row. 302 on a page means "sent to the sign-in page" (or, after a form, to the next
 * page); 401 and 403 are the API's refusals; a page refuses a signed-in person with 403.
 */
@ConsentiIT
class AuthorizationMatrixIT {

    /** The callers: people by their session, machines by their key. */
    enum Caller { ANONYMOUS, CONSUMER, OPERATOR, PROFESSIONAL_A, PROFESSIONAL_B, KEY_A, KEY_B }

    /** What a row's path may need: resources of professional A made for this caller. */
    interface Fixtures {
        long freshKeyOfA();

        /** A file cleaning job of A (A subscribes first). */
        String scrubJobOfA();
    }

    record Row(String method, String path, Function<Fixtures, String> pathOf, boolean form, Map<Caller, Integer> expected) {
    }

    private static final List<Row> MATRIX = new ArrayList<>();

    /** One row: the status for each caller, in the order of {@link Caller}. */
    private static void row(String method, String path, int... statuses) {
        row(method, path, fixtures -> path, statuses);
    }

    private static void row(String method, String label, Function<Fixtures, String> path, int... statuses) {
        Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            expected.put(caller, statuses[caller.ordinal()]);
        }
        MATRIX.add(new Row(method, label, path, method.equals("POST"), expected));
    }

    static {
        //                                                        ANON CONS  OPER  PRO_A PRO_B KEY_A KEY_B
        row("GET", "/",                                            200, 200, 200, 200, 200, 200, 200);
        row("GET", "/login",                                       200, 200, 200, 200, 200, 200, 200);
        row("GET", "/signup",                                      200, 200, 200, 200, 200, 200, 200);
        row("GET", "/verify-email",                                200, 200, 200, 200, 200, 200, 200);
        row("GET", "/actuator/health",                             200, 200, 200, 200, 200, 200, 200);
        row("GET", "/v3/api-docs",                                 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/swagger-ui/index.html",                       200, 200, 200, 200, 200, 200, 200);
        row("GET", "/demo/outbox",                                 404, 404, 404, 404, 404, 404, 404); // demo off
        row("GET", "/account",                                     302, 200, 200, 200, 200, 302, 302);
        row("GET", "/pro/api-keys",                                302, 403, 403, 200, 200, 302, 302);
        row("POST", "/pro/api-keys/{key of A}/revoke", f -> "/pro/api-keys/" + f.freshKeyOfA() + "/revoke",
                                                                   302, 403, 403, 302, 404, 403, 403);
        row("GET", "/api/v1/me",                                   401, 401, 401, 401, 401, 200, 200);
        row("GET", "/api/v1/anything-unknown",                     401, 401, 401, 401, 401, 404, 404);
        row("GET", "/.well-known/consenti-keys.json",              200, 200, 200, 200, 200, 200, 200);
        row("GET", "/api/v1/purposes",                             401, 401, 401, 401, 401, 200, 200);
        row("GET", "/api/v1/consents?number=0612345678",           401, 401, 401, 401, 401, 200, 200);
        // Another professional's consent is as unknown as one that does not exist (ConsentLedgerIT proves it).
        row("GET", "/api/v1/consents/{unknown}/proof", f -> "/api/v1/consents/" + java.util.UUID.randomUUID() + "/proof",
                                                                   401, 401, 401, 401, 401, 404, 404);
        // File cleaning (issue 6): pages of the professional and of the operator, and the API.
        row("GET", "/pro/scrub",                                   302, 403, 403, 200, 200, 302, 302);
        row("GET", "/pro/subscription",                            302, 403, 403, 200, 200, 302, 302);
        row("GET", "/operator/scrub",                              302, 403, 200, 403, 403, 302, 302);
        row("POST", "/operator/scrub/flags/{unknown}/clear", f -> "/operator/scrub/flags/999999999/clear",
                                                                   302, 403, 302, 403, 403, 403, 403);
        row("POST", "/operator/scrub/leak",                        302, 403, 200, 403, 403, 403, 403);
        row("GET", "/api/v1/plans",                                401, 401, 401, 401, 401, 200, 200);
        row("GET", "/api/v1/subscriptions/current",                401, 401, 401, 401, 401, 404, 404);
        row("GET", "/api/v1/scrub-jobs/{unknown}", f -> "/api/v1/scrub-jobs/" + java.util.UUID.randomUUID(),
                                                                   401, 401, 401, 401, 401, 404, 404);
        // Another professional's job is as unknown as one that does not exist.
        row("GET", "/api/v1/scrub-jobs/{job of A}", f -> "/api/v1/scrub-jobs/" + f.scrubJobOfA(),
                                                                   401, 401, 401, 401, 401, 200, 404);
        row("GET", "/pro/scrub/{job of A}", f -> "/pro/scrub/" + f.scrubJobOfA(),
                                                                   302, 403, 403, 200, 404, 302, 302);
    }

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    private Professional professionalA;
    private final Map<Caller, Browser> browsers = new EnumMap<>(Caller.class);
    private final Map<Caller, String> csrf = new EnumMap<>(Caller.class);
    private final Map<Caller, String[]> headers = new EnumMap<>(Caller.class);

    @BeforeEach
    void callers() {
        professionalA = accounts.professional();
        Professional professionalB = accounts.professional();
        signIn(Caller.CONSUMER, accounts.person(Role.CONSUMER, null));
        signIn(Caller.OPERATOR, accounts.person(Role.OPERATOR, null));
        signIn(Caller.PROFESSIONAL_A, accounts.person(Role.PROFESSIONAL, professionalA));
        signIn(Caller.PROFESSIONAL_B, accounts.person(Role.PROFESSIONAL, professionalB));
        Browser anonymous = new Browser(port);
        browsers.put(Caller.ANONYMOUS, anonymous);
        csrf.put(Caller.ANONYMOUS, Browser.csrf(anonymous.get("/login").body()));
        IssuedApiKey keyA = accounts.key(professionalA);
        IssuedApiKey keyB = accounts.key(professionalB);
        browsers.put(Caller.KEY_A, new Browser(port));
        browsers.put(Caller.KEY_B, new Browser(port));
        headers.put(Caller.KEY_A, new String[] {"Authorization", "Bearer " + keyA.key()});
        headers.put(Caller.KEY_B, new String[] {"Authorization", "Bearer " + keyB.key()});
    }

    @Test
    void everyCallerGetsExactlyWhatTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        Fixtures fixtures = new Fixtures() {
            @Override
            public long freshKeyOfA() {
                return accounts.key(professionalA).id();
            }

            @Override
            public String scrubJobOfA() {
                Http http = Http.withKey(port, accounts.key(professionalA).key());
                http.send("POST", "/api/v1/subscriptions", "application/json", "{\"plan\":\"PRO\"}");
                String boundary = "matrix";
                HttpResponse<String> job = http.send("POST", "/api/v1/scrub-jobs?at=2026-07-01",
                        "multipart/form-data; boundary=" + boundary, "--" + boundary
                                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                                + "0612345678\n\r\n--" + boundary + "--\r\n");
                assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
                return Http.json(job).path("id").asString();
            }
        };
        for (Row row : MATRIX) {
            for (Caller caller : Caller.values()) {
                HttpResponse<String> response = browsers.get(caller).request(row.method(), row.pathOf().apply(fixtures),
                        row.form() ? Map.of() : null, csrf.get(caller), headers.getOrDefault(caller, new String[0]));
                int expected = row.expected().get(caller);
                if (response.statusCode() != expected) {
                    wrong.add(row.method() + " " + row.path() + " as " + caller + ": " + response.statusCode()
                            + " instead of " + expected);
                }
                if (expected == 302 && row.method().equals("GET")) {
                    assertThat(Browser.location(response)).as(row.path() + " as " + caller).endsWith("/login");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private void signIn(Caller caller, Person person) {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        browsers.put(caller, browser);
        csrf.put(caller, Browser.csrf(browser.get("/account").body()));
    }
}
