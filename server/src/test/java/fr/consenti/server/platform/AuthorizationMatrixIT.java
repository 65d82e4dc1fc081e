package fr.consenti.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.CallCentre;
import fr.consenti.server.accounts.CallCentres;
import fr.consenti.server.accounts.Delegations;
import fr.consenti.server.accounts.IssuedApiKey;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
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
    enum Caller { ANONYMOUS, CONSUMER, CALL_CENTRE_PERSON, OPERATOR, PROFESSIONAL_A, PROFESSIONAL_B, KEY_A, KEY_B, CALL_CENTRE_KEY_A }

    /** What a row's path may need: resources of professional A made for this caller. */
    interface Fixtures {
        long freshKeyOfA();

        /** A new delegation of A, to the call centre, for purpose ENERGY. */
        long freshDelegationOfA();

        /** A new consent recorded by A (its own key) for {@code purpose}. */
        String consentOfA(String purpose);

        String consentOfB();

        /** A file cleaning job of A (A subscribes first). */
        String scrubJobOfA();

        /** A new PROFESSIONAL person of A (a colleague whose access may be removed). */
        long freshPersonOfA();

        /** A new pending invitation into A. */
        long freshInvitationOfA();

        /** The call centre the CALL_CENTRE person acts for. */
        long callCentre();
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
        //                                                        ANON CONS  CC_P  OPER  PRO_A PRO_B KEY_A KEY_B CC_KEY_A
        row("GET", "/",                                            200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/login",                                       200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/signup",                                      200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/verify-email",                                200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/actuator/health",                             200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/v3/api-docs",                                 200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/swagger-ui/index.html",                       200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/demo/outbox",                                 404, 404, 404, 404, 404, 404, 404, 404, 404); // demo off
        row("GET", "/account",                                     302, 200, 200, 200, 200, 200, 302, 302, 302);
        row("GET", "/pro/api-keys",                                302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("POST", "/pro/api-keys/{key of A}/revoke", f -> "/pro/api-keys/" + f.freshKeyOfA() + "/revoke",
                                                                   302, 403, 403, 403, 302, 404, 403, 403, 403);
        // The consumer's wallet and the professional's consent pages (issue 4).
        row("GET", "/wallet",                                      302, 200, 403, 403, 403, 403, 302, 302, 302);
        row("POST", "/wallet/numbers",                             302, 400, 403, 403, 403, 403, 403, 403, 403);
        row("GET", "/wallet/confirm?number=%2B33612345678",        302, 200, 403, 403, 403, 403, 302, 302, 302);
        // A consent of a number the consumer did not prove is as unknown as one that does not exist.
        row("POST", "/wallet/consents/{consent of A}/withdrawal", f -> "/wallet/consents/" + f.consentOfA("ENERGY") + "/withdrawal",
                                                                   302, 404, 403, 403, 403, 403, 403, 403, 403);
        row("GET", "/wallet/consents/{consent of A}/receipt.pdf", f -> "/wallet/consents/" + f.consentOfA("ENERGY") + "/receipt.pdf",
                                                                   302, 404, 403, 403, 403, 403, 302, 302, 302);
        row("GET", "/pro/consents",                                302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/pro/consents?number=0612345678",              302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/pro/consents/new",                            302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/pro/consents/import",                         302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/pro/consents/export.csv",                     302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/pro/consents/{consent of A}/proof", f -> "/pro/consents/" + f.consentOfA("ENERGY") + "/proof",
                                                                   302, 403, 403, 403, 200, 404, 302, 302, 302);
        row("GET", "/pro/consents/{consent of A}/receipt.pdf", f -> "/pro/consents/" + f.consentOfA("ENERGY") + "/receipt.pdf",
                                                                   302, 403, 403, 403, 200, 404, 302, 302, 302);
        row("POST", "/pro/consents/{consent of A}/withdrawal", f -> "/pro/consents/" + f.consentOfA("ENERGY") + "/withdrawal",
                                                                   302, 403, 403, 403, 400, 404, 403, 403, 403);
        row("GET", "/api/v1/me",                                   401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("GET", "/api/v1/anything-unknown",                     401, 401, 401, 401, 401, 401, 404, 404, 404);
        row("GET", "/.well-known/consenti-keys.json",              200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/api/v1/purposes",                             401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("GET", "/api/v1/consents?number=0612345678",           401, 401, 401, 401, 401, 401, 200, 200, 200);
        // Another professional's consent is as unknown as one that does not exist (ConsentLedgerIT proves it).
        // The dialler API (issue 5). Its POST endpoints take JSON (or CSV): the matrix's form body gets 415 once past
        // security. Another professional's call is as unknown as a missing one (CallIT proves it).
        row("POST", "/api/v1/checks",                              401, 401, 401, 401, 401, 401, 415, 415, 415);
        row("POST", "/api/v1/calls",                               401, 401, 401, 401, 401, 401, 415, 415, 415);
        row("POST", "/api/v1/calls/{unknown}/outcome", f -> "/api/v1/calls/" + java.util.UUID.randomUUID() + "/outcome",
                                                                   401, 401, 401, 401, 401, 401, 415, 415, 415);
        row("GET", "/api/v1/numbers/0612345678/next-allowed?callerId=0162000000&purpose=ENERGY",
                                                                   401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("POST", "/api/v1/objections",                          401, 401, 401, 401, 401, 401, 415, 415, 415);
        row("POST", "/api/v1/objections/import",                   401, 401, 401, 401, 401, 401, 415, 415, 415);
        row("GET", "/api/v1/objections",                           401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("GET", "/api/v1/objections/export",                    401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("GET", "/api/v1/consents/{unknown}/proof", f -> "/api/v1/consents/" + java.util.UUID.randomUUID() + "/proof",
                                                                   401, 401, 401, 401, 401, 401, 404, 404, 404);
        // Delegations: the professional's own key manages them; a call centre's key acting for A sees its own only.
        row("GET", "/api/v1/delegations",                          401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("POST", "/api/v1/delegations/{delegation of A}/revocation",
                f -> "/api/v1/delegations/" + f.freshDelegationOfA() + "/revocation",
                                                                   401, 401, 401, 401, 401, 401, 200, 404, 403);
        row("GET", "/pro/delegations",                             302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("POST", "/pro/delegations/{delegation of A}/revoke",
                f -> "/pro/delegations/" + f.freshDelegationOfA() + "/revoke",
                                                                   302, 403, 403, 403, 302, 404, 403, 403, 403);
        row("POST", "/pro/delegations/{delegation of A}/keys",
                f -> "/pro/delegations/" + f.freshDelegationOfA() + "/keys",
                                                                   302, 403, 403, 403, 200, 404, 403, 403, 403);
        // A's consents: the call centre sees those its delegation covers (ENERGY), never INSURANCE, never B's.
        row("GET", "/api/v1/consents/{consent of A, ENERGY}/proof",
                f -> "/api/v1/consents/" + f.consentOfA("ENERGY") + "/proof",
                                                                   401, 401, 401, 401, 401, 401, 200, 404, 200);
        row("GET", "/api/v1/consents/{consent of A, INSURANCE}/proof",
                f -> "/api/v1/consents/" + f.consentOfA("INSURANCE") + "/proof",
                                                                   401, 401, 401, 401, 401, 401, 200, 404, 404);
        row("GET", "/api/v1/consents/{consent of B}/proof", f -> "/api/v1/consents/" + f.consentOfB() + "/proof",
                                                                   401, 401, 401, 401, 401, 401, 404, 200, 404);
        // The operator's ledger check: operator staff (and authority agents, see LedgerVerificationEndpointIT).
        row("GET", "/operator/ledger/verification",                302, 403, 403, 200, 403, 403, 302, 302, 302);
        // Call centres: the operator registers them (authority agents read the list only, CallCentreRegistrationIT).
        row("GET", "/operator/call-centres",                       302, 403, 403, 200, 403, 403, 302, 302, 302);
        row("POST", "/operator/call-centres",                      302, 403, 403, 400, 403, 403, 403, 403, 403);
        // A call centre's staff see the delegations granted to their call centre, and no professional's pages.
        row("GET", "/call-centre",                                 302, 403, 200, 403, 403, 403, 302, 302, 302);
        // A professional's purposes, on the pages as through POST /api/v1/purposes.
        row("GET", "/pro/purposes",                                302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("POST", "/pro/purposes",                               302, 403, 403, 403, 400, 400, 403, 403, 403);
        // The opposition list and complaints: a consumer's pages and session API; another consumer's receipt is unknown.
        row("GET", "/registry",                                    302, 200, 403, 403, 403, 403, 302, 302, 302);
        row("GET", "/registry/receipts/{unknown}.pdf", f -> "/registry/receipts/987654321.pdf",
                                                                   302, 404, 403, 403, 403, 403, 302, 302, 302);
        row("POST", "/registry/unregister",                        302, 302, 403, 403, 403, 403, 403, 403, 403);
        row("GET", "/api/v1/registry/numbers",                     401, 200, 403, 403, 403, 403, 401, 401, 401);
        row("GET", "/api/v1/registry/receipts",                    401, 200, 403, 403, 403, 403, 401, 401, 401);
        row("GET", "/api/v1/registry/receipts/{unknown}/pdf", f -> "/api/v1/registry/receipts/987654321/pdf",
                                                                   401, 404, 403, 403, 403, 403, 401, 401, 401);
        row("GET", "/complaints",                                  302, 200, 403, 403, 403, 403, 302, 302, 302);
        row("GET", "/complaints/new",                              302, 200, 403, 403, 403, 403, 302, 302, 302);
        row("GET", "/authority/complaints",                        302, 403, 403, 403, 403, 403, 302, 302, 302);
        // File cleaning (issue 6): pages of the professional and of the operator, and the API.
        row("GET", "/pro/scrub",                                   302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/pro/subscription",                            302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("GET", "/operator/scrub",                              302, 403, 403, 200, 403, 403, 302, 302, 302);
        row("POST", "/operator/scrub/flags/{unknown}/clear", f -> "/operator/scrub/flags/999999999/clear",
                                                                   302, 403, 403, 302, 403, 403, 403, 403, 403);
        row("POST", "/operator/scrub/leak",                        302, 403, 403, 200, 403, 403, 403, 403, 403);
        row("GET", "/api/v1/plans",                                401, 401, 401, 401, 401, 401, 200, 200, 200);
        row("GET", "/api/v1/subscriptions/current",                401, 401, 401, 401, 401, 401, 404, 404, 404);
        row("GET", "/api/v1/scrub-jobs/{unknown}", f -> "/api/v1/scrub-jobs/" + java.util.UUID.randomUUID(),
                                                                   401, 401, 401, 401, 401, 401, 404, 404, 404);
        // Another professional's job is as unknown as one that does not exist.
        row("GET", "/api/v1/scrub-jobs/{job of A}", f -> "/api/v1/scrub-jobs/" + f.scrubJobOfA(),
                                                                   401, 401, 401, 401, 401, 401, 200, 404, 200);
        row("GET", "/pro/scrub/{job of A}", f -> "/pro/scrub/" + f.scrubJobOfA(),
                                                                   302, 403, 403, 403, 200, 404, 302, 302, 302);
        // Onboarding: professional sign-up, invitation links, teams (issue 7). A form with errors answers its page (200, or
        // 400 for a refused invitation or invitation form); the keys carry no session, so no CSRF token: 403.
        row("GET", "/signup/pro",                                  200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("POST", "/signup/pro",                                 200, 200, 200, 200, 200, 200, 403, 403, 403);
        row("GET", "/verify-pro",                                  200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("GET", "/invitation",                                  200, 200, 200, 200, 200, 200, 200, 200, 200);
        row("POST", "/invitation",                                 400, 400, 400, 400, 400, 400, 403, 403, 403);
        row("GET", "/pro/team",                                    302, 403, 403, 403, 200, 200, 302, 302, 302);
        row("POST", "/pro/team/invitations",                       302, 403, 403, 403, 400, 400, 403, 403, 403);
        // Another professional's colleague or invitation is as unknown as one that does not exist.
        row("POST", "/pro/team/members/{person of A}/remove", f -> "/pro/team/members/" + f.freshPersonOfA() + "/remove",
                                                                   302, 403, 403, 403, 302, 404, 403, 403, 403);
        row("POST", "/pro/team/invitations/{invitation of A}/revoke",
                f -> "/pro/team/invitations/" + f.freshInvitationOfA() + "/revoke",
                                                                   302, 403, 403, 403, 302, 404, 403, 403, 403);
        row("POST", "/call-centre/invitations",                    302, 403, 400, 403, 403, 403, 403, 403, 403);
        // A call centre's staff are invited by the registry operator, never by a professional, nor by an authority agent
        // (OnboardingInvitationsIT).
        row("POST", "/operator/call-centres/{call centre}/invitations",
                f -> "/operator/call-centres/" + f.callCentre() + "/invitations",
                                                                   302, 403, 403, 400, 403, 403, 403, 403, 403);
    }

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;
    @Autowired
    CallCentres callCentres;
    @Autowired
    Delegations delegations;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    TestClock clock;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private Professional professionalA;
    private CallCentre callCentre;
    private Http apiA;
    private Http apiB;
    private final Map<Caller, Browser> browsers = new EnumMap<>(Caller.class);
    private final Map<Caller, String> csrf = new EnumMap<>(Caller.class);
    private final Map<Caller, String[]> headers = new EnumMap<>(Caller.class);

    @BeforeEach
    void callers() {
        professionalA = accounts.professional();
        Professional professionalB = accounts.professional();
        callCentre = callCentres.create(TestAccounts.newSiren(), "Centre d'appels");
        signIn(Caller.CONSUMER, accounts.person(Role.CONSUMER, null));
        signIn(Caller.CALL_CENTRE_PERSON, accounts.callCentrePerson(callCentre));
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
        apiA = Http.withKey(port, keyA.key());
        apiB = Http.withKey(port, keyB.key());
        purposes(apiA, "ENERGY", "INSURANCE");
        purposes(apiB, "ENERGY");
        IssuedApiKey callCentreKey = apiKeys.issueForDelegation(
                delegations.find(freshDelegationOfA()).orElseThrow(), "call centre", "test");
        browsers.put(Caller.CALL_CENTRE_KEY_A, new Browser(port));
        headers.put(Caller.CALL_CENTRE_KEY_A, new String[] {"Authorization", "Bearer " + callCentreKey.key()});
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
            public long freshDelegationOfA() {
                return AuthorizationMatrixIT.this.freshDelegationOfA();
            }

            @Override
            public String consentOfA(String purpose) {
                return consent(apiA, purpose);
            }

            @Override
            public String consentOfB() {
                return consent(apiB, "ENERGY");
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

            @Override
            public long freshPersonOfA() {
                return accounts.person(Role.PROFESSIONAL, professionalA).id();
            }

            @Override
            public long freshInvitationOfA() {
                String email = TestAccounts.uniqueEmail("invited");
                jdbc.sql("""
                                insert into invitation (token_sha256, email, role, professional_id, invited_by, created_at,
                                                        expires_at)
                                values (?, ?, 'PROFESSIONAL', ?, 'test', ?, ?)""")
                        .params(ApiKeys.sha256Hex(email), email, professionalA.id(),
                                clock.instant().atOffset(java.time.ZoneOffset.UTC),
                                clock.instant().plusSeconds(3600).atOffset(java.time.ZoneOffset.UTC))
                        .update();
                return jdbc.sql("select id from invitation where email = ?").param(email).query(Long.class).single();
            }

            @Override
            public long callCentre() {
                return callCentre.id();
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

    private long freshDelegationOfA() {
        return delegations.grant(professionalA.id(), new Delegations.Grant(callCentre.siren().value(),
                List.of("ENERGY"), false, null, null), "test").id();
    }

    private static void purposes(Http api, String... codes) {
        for (String code : codes) {
            HttpResponse<String> response = api.send("POST", "/api/v1/purposes", "application/json",
                    "{\"code\":\"" + code + "\",\"label\":\"" + code + "\",\"nature\":\"Offres\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
    }

    private String consent(Http api, String purpose) {
        HttpResponse<String> response = api.send("POST", "/api/v1/consents", "application/json", """
                {"number": "0612345678", "purposes": ["%s"], "channel": "WEB_FORM",
                 "notice": {"text": "Notice de test", "language": "fr"},
                 "evidence": {"kind": "FORM_SUBMISSION", "ip": "203.0.113.7", "userAgent": "Mozilla/5.0",
                              "submittedAt": "%s"}}""".formatted(purpose, clock.instant().minusSeconds(5)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response).path("id").asString();
    }

    private void signIn(Caller caller, Person person) {
        Browser browser = new Browser(port);
        assertThat(Browser.location(browser.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        browsers.put(caller, browser);
        csrf.put(caller, Browser.csrf(browser.get("/account").body()));
    }
}
