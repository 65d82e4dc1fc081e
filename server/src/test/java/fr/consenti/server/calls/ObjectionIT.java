package fr.consenti.server.calls;

import static fr.consenti.server.calls.DiallerFixture.check;
import static fr.consenti.server.calls.DiallerFixture.randomMobile;
import static fr.consenti.server.calls.DiallerFixture.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ConsentiIT
class ObjectionIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestClock clock;

    DiallerFixture pro;

    @BeforeEach
    void setUp() {
        pro = new DiallerFixture(accounts, port, clock);
    }

    @Test
    void objectionDeniesTheNumberForThisProfessionalOnly() {
        String number = randomMobile();
        pro.giveConsent(number);
        DiallerFixture other = new DiallerFixture(accounts, port, clock);
        other.giveConsent(number);
        HttpResponse<String> created = pro.post("/api/v1/objections", "{\"number\":\"" + number + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String at = pro.simulatedAtOpenHours();
        JsonNode mine = pro.checkUntil(check(number, ",\"at\":\"" + at + "\""), verdict("DENY", "OBJECTION"));
        assertThat(mine.get("reasons").findValuesAsString("code")).contains("OBJECTION");
        JsonNode theirs = other.checkUntil(check(number, ",\"at\":\"" + at + "\""), verdict("ALLOW", "CONSENT"));
        assertThat(theirs.get("verdict").asString()).isEqualTo("ALLOW");
    }

    @Test
    void aSecondObjectionForTheSameNumberAnswersTheFirstUnchanged() {
        String number = randomMobile();
        JsonNode first = Http.json(pro.post("/api/v1/objections", "{\"number\":\"" + number + "\"}"));
        HttpResponse<String> again = pro.post("/api/v1/objections",
                "{\"number\":\"+33" + number.substring(1) + "\",\"objectedAt\":\"2026-01-05T10:00:00+01:00\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode second = Http.json(again);
        assertThat(second.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(second.get("objectedAt").asString()).isEqualTo(first.get("objectedAt").asString());
        assertThat(second.get("created").asBoolean()).isFalse();
    }

    @Test
    void invalidNumberIsRefused() {
        HttpResponse<String> response = pro.post("/api/v1/objections", "{\"number\":\"0800\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("errors").findValuesAsString("field")).containsExactly("number");
    }

    @Test
    void objectionsCannotBeDeleted() {
        String number = randomMobile();
        JsonNode created = Http.json(pro.post("/api/v1/objections", "{\"number\":\"" + number + "\"}"));
        HttpResponse<String> delete = pro.http.send("DELETE", "/api/v1/objections/" + created.get("id").asLong(),
                null, null);
        assertThat(delete.statusCode()).isIn(404, 405);
        assertThat(Http.json(pro.get("/api/v1/objections?limit=1000")).get("objections")
                .findValuesAsString("e164")).contains("+33" + number.substring(1));
    }

    @Test
    void csvImportRecordsGoodLinesAndReportsBadOnesByLineNumber() {
        String a = randomMobile();
        String b = randomMobile();
        String csv = "number;objected_at\n" + a + ";2026-01-05T10:00:00+01:00\nnot a number;\n" + b + ";\n"
                + randomMobile() + ";yesterday\n";
        HttpResponse<String> response = pro.http.send("POST", "/api/v1/objections/import", "text/csv", csv);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = Http.json(response);
        assertThat(report.get("lines").asLong()).isEqualTo(4);
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(report.get("errorCount").asLong()).isEqualTo(2);
        assertThat(report.get("errors").findValuesAsString("line")).containsExactly("3", "5");
        assertThat(report.get("errors").findValuesAsString("field")).containsExactly("number", "objected_at");
        String export = pro.get("/api/v1/objections/export").body();
        assertThat(export).startsWith("e164,objected_at,recorded_at,source,call_id\n")
                .contains("+33" + a.substring(1) + ",2026-01-05T09:00:00Z").contains("+33" + b.substring(1));
    }

    @Test
    void csvImportWithAnUnknownColumnIsRefusedWhole() {
        HttpResponse<String> response = pro.http.send("POST", "/api/v1/objections/import", "text/csv",
                "numero\n0612345678\n");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void listAndExportShowOnlyTheCallersOwnObjections() {
        String mine = randomMobile();
        String theirs = randomMobile();
        pro.post("/api/v1/objections", "{\"number\":\"" + mine + "\"}");
        DiallerFixture other = new DiallerFixture(accounts, port, clock);
        other.post("/api/v1/objections", "{\"number\":\"" + theirs + "\"}");
        JsonNode list = Http.json(pro.get("/api/v1/objections"));
        assertThat(list.get("objections").findValuesAsString("e164")).containsExactly("+33" + mine.substring(1));
        assertThat(pro.get("/api/v1/objections/export").body()).doesNotContain(theirs.substring(1));
    }
}
