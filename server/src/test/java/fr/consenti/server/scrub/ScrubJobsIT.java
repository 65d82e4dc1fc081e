package fr.consenti.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.consenti.core.rules.OppositionRegistration;
import fr.consenti.server.accounts.ApiCaller;
import fr.consenti.server.platform.ChangeFeed;
import fr.consenti.server.platform.FeedChange;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.Http;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/** File cleaning through the HTTP API: the rules of each regime, ownership, plans, files' lifetime. */
@ConsentiIT
class ScrubJobsIT {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    ScrubJobs jobs;
    @Autowired
    ChangeFeed feed;
    @Autowired
    TransactionTemplate transactions;

    /** A professional subscribed to {@code plan}, with its key. */
    ScrubClient subscribed(String plan) {
        Professional professional = accounts.professional();
        ScrubClient client = new ScrubClient(port, accounts.key(professional).key());
        HttpResponse<String> subscribed = client.subscribe(plan);
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        return client;
    }

    long professionalOf(ScrubClient client) {
        return Http.json(client.http.get("/api/v1/me")).path("professionalId").asLong();
    }

    /** A random mobile NSN no other test uses (the list is shared by every test of the run). */
    static int freshNsn() {
        return 700_000_000 + 30_000_000 + ThreadLocalRandom.current().nextInt(69_000_000);
    }

    static String national(int nsn) {
        return "0" + nsn;
    }

    /** Lists a number as the registry does: the row, and its change feed event in the same transaction. */
    void list(int nsn, LocalDate registered, LocalDate effective, Instant removedAt) {
        transactions.executeWithoutResult(status -> {
            insertEntry(nsn, registered, effective, removedAt);
            feed.append(new FeedChange.OppositionRegistered(nsn, new OppositionRegistration(
                    at(registered).toInstant(), at(effective).toInstant(), at(registered.plusYears(3)).toInstant())));
            if (removedAt != null) {
                feed.append(new FeedChange.OppositionRemoved(nsn, removedAt));
            }
        });
    }

    private void insertEntry(int nsn, LocalDate registered, LocalDate effective, Instant removedAt) {
        jdbc.sql("""
                        insert into opposition_entry (nsn, registered_at, effective_from, term_end, removed_at, source)
                        values (?, ?, ?, ?, ?, 'REGISTRATION')""")
                .params(nsn, at(registered), at(effective), at(registered.plusYears(3)),
                        removedAt == null ? null : OffsetDateTime.ofInstant(removedAt, ZoneOffset.UTC))
                .update();
    }

    static OffsetDateTime at(LocalDate date) {
        return date.atStartOfDay(PARIS).toOffsetDateTime();
    }

    void object(ScrubClient client, int nsn) {
        jdbc.sql("""
                        insert into objection (professional_id, nsn, e164, objected_at, recorded_at, source)
                        values (?, ?, ?, ?, ?, 'API')""")
                .params(professionalOf(client), nsn, "+33" + nsn, at(LocalDate.of(2026, 1, 5)),
                        at(LocalDate.of(2026, 1, 5))).update();
    }

    @Test
    void optOutCampaignRemovesListedObjectedUncallableInvalidAndDuplicateRowsAndKeepsTheRestAsWritten() {
        ScrubClient client = subscribed("PRO");
        int listed = freshNsn();
        int objected = freshNsn();
        int kept = freshNsn();
        int kept2 = freshNsn();
        list(listed, LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 20), null);
        object(client, objected);
        String file = "nom;telephone;ville\r\n"
                + "\"Dupont; Jean\";" + national(kept) + ";Paris\r\n"
                + "Martin;" + national(listed).replaceAll("(\\d\\d)(?=\\d)", "$1 ") + ";Lyon\r\n"
                + "Durand;+33" + objected + ";Nice\r\n"
                + "Petit;0800123456;Lille\r\n"
                + "Roux;12345;Metz\r\n"
                + "Dupont bis;" + national(kept) + ";Paris\r\n"
                + "Moreau;" + national(kept2) + ";Brest\r\n";
        JsonNode job = client.clean(file.getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("DONE");
        String id = job.path("id").asString();

        assertThat(client.resultText(id)).isEqualTo("nom;telephone;ville\r\n"
                + "\"Dupont; Jean\";" + national(kept) + ";Paris\r\n"
                + "Moreau;" + national(kept2) + ";Brest\r\n");
        JsonNode report = client.report(id);
        assertThat(report.path("regime").asString()).isEqualTo("OPT_OUT");
        assertThat(report.path("audit").asBoolean()).isTrue();
        assertThat(report.path("note").asString()).contains("Audit of a past campaign");
        assertThat(report.path("validUntil").asString()).isEqualTo("2026-07-31");
        assertThat(report.path("rowsRead").asLong()).isEqualTo(7);
        assertThat(report.path("rowsKept").asLong()).isEqualTo(2);
        JsonNode counts = report.path("counts");
        assertThat(counts.path("OPPOSITION_LIST").asLong()).isEqualTo(1);
        assertThat(counts.path("OBJECTION").asLong()).isEqualTo(1);
        assertThat(counts.path("NUMBER_NOT_CALLABLE").asLong()).isEqualTo(1);
        assertThat(counts.path("NUMBER_INVALID").asLong()).isEqualTo(1);
        assertThat(counts.path("DUPLICATE").asLong()).isEqualTo(1);
        assertThat(counts.has("NO_CONSENT")).isFalse();
        assertThat(report.path("rejections").toString())
                .contains("{\"line\":3,\"reason\":\"OPPOSITION_LIST\"", "{\"line\":4,\"reason\":\"OBJECTION\"",
                        "{\"line\":5,\"reason\":\"NUMBER_NOT_CALLABLE\"", "{\"line\":6,\"reason\":\"NUMBER_INVALID\"",
                        "{\"line\":7,\"reason\":\"DUPLICATE\"");
        JsonNode snapshot = report.path("snapshot");
        assertThat(snapshot.path("source").asString()).isEqualTo("OPPOSITION_LIST");
        assertThat(snapshot.path("count").asLong()).isPositive();
        assertThat(snapshot.path("changeFeedSequence").isNumber()).isTrue();
        assertThat(report.path("format").path("separator").asString()).isEqualTo(";");
        assertThat(report.path("format").path("columnName").asString()).isEqualTo("telephone");
    }

    @Test
    void aRegistrationBindsOnlyFromItsEffectiveDateAndUntilItsRemoval() {
        ScrubClient client = subscribed("PRO");
        int pending = freshNsn();
        int removed = freshNsn();
        list(pending, LocalDate.of(2026, 6, 20), LocalDate.of(2026, 7, 15), null);
        list(removed, LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 20),
                at(LocalDate.of(2026, 7, 10)).plusHours(15).toInstant());
        byte[] file = (national(pending) + "\n" + national(removed) + "\n").getBytes(StandardCharsets.UTF_8);

        // Before the pending one takes effect and before the other is removed.
        JsonNode before = client.clean(file, "at", "2026-07-01");
        assertThat(client.resultText(before.path("id").asString())).isEqualTo(national(pending) + "\n");
        assertThat(before.path("counts").path("OPPOSITION_LIST").asLong()).isEqualTo(1);

        // After both dates: the pending one binds, the removed one no longer does.
        JsonNode after = client.clean(file, "at", "2026-07-20");
        assertThat(client.resultText(after.path("id").asString())).isEqualTo(national(removed) + "\n");
        assertThat(after.path("counts").path("OPPOSITION_LIST").asLong()).isEqualTo(1);

        JsonNode onRemovalDay = client.clean(file, "at", "2026-07-10");
        // Removed during the day: listed at its start, so a call that day could have been unlawful.
        assertThat(client.resultText(onRemovalDay.path("id").asString())).isEqualTo(national(pending) + "\n");
    }

    @Test
    void optInCampaignKeepsOnlyNumbersWithAConsentInScopeValidAtTheDate() {
        ScrubClient client = subscribed("PRO");
        long professional = professionalOf(client);
        assertThat(client.http.send("POST", "/api/v1/purposes", "application/json",
                "{\"code\":\"ENERGIE\",\"label\":\"Énergie\",\"nature\":\"Fourniture d'électricité\"}").statusCode())
                .isEqualTo(201);
        int valid = freshNsn();
        int withdrawn = freshNsn();
        int expired = freshNsn();
        int otherPurpose = freshNsn();
        int none = freshNsn();
        int objected = freshNsn();
        Instant now = clock.instant();
        consent(professional, valid, "ENERGIE", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(300)), null);
        consent(professional, objected, "ENERGIE", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(300)), null);
        consent(professional, withdrawn, "ENERGIE", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(300)),
                now.minus(Duration.ofDays(1)));
        consent(professional, expired, "ENERGIE", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)), null);
        consent(professional, otherPurpose, "AUTRE", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(300)), null);
        object(client, objected);
        String file = "telephone\n" + national(valid) + "\n" + national(withdrawn) + "\n" + national(expired) + "\n"
                + national(otherPurpose) + "\n" + national(none) + "\n" + national(objected) + "\n";

        HttpResponse<String> noPurpose = client.submit(file.getBytes(StandardCharsets.UTF_8));
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(noPurpose.body()).contains("\"field\":\"purpose\"");

        JsonNode job = client.clean(file.getBytes(StandardCharsets.UTF_8), "purpose", "ENERGIE");
        String id = job.path("id").asString();
        assertThat(client.resultText(id)).isEqualTo("telephone\n" + national(valid) + "\n");
        JsonNode report = client.report(id);
        assertThat(report.path("regime").asString()).isEqualTo("OPT_IN");
        assertThat(report.path("audit").asBoolean()).isFalse();
        assertThat(report.path("validUntil").asString())
                .isEqualTo(LocalDate.ofInstant(now, PARIS).plusDays(30).toString());
        JsonNode counts = report.path("counts");
        assertThat(counts.path("CONSENT_WITHDRAWN").asLong()).isEqualTo(1);
        assertThat(counts.path("CONSENT_EXPIRED").asLong()).isEqualTo(1);
        assertThat(counts.path("NO_CONSENT").asLong()).isEqualTo(2);
        assertThat(counts.path("OBJECTION").asLong()).isEqualTo(1);
        assertThat(counts.has("OPPOSITION_LIST")).isFalse();
        assertThat(report.path("snapshot").path("source").asString()).isEqualTo("CONSENTS");
    }

    void consent(long professional, int nsn, String purposes, Instant validFrom, Instant validUntil, Instant withdrawnAt) {
        jdbc.sql("""
                        insert into consent (id, professional_id, e164, nsn, purposes, third_parties, channel, collected_at,
                            valid_from, valid_until, withdrawn_at, status, given_sequence)
                        values (?, ?, ?, ?, ?, '', 'WEB_FORM', ?, ?, ?, ?, ?, 0)""")
                .params(UUID.randomUUID(), professional, "+33" + nsn, nsn, purposes, utc(validFrom), utc(validFrom),
                        utc(validUntil), withdrawnAt == null ? null : utc(withdrawnAt),
                        withdrawnAt == null ? "ACTIVE" : "WITHDRAWN")
                .update();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Test
    void onlyTheJobsProfessionalCanReadItOthersGetNotFound() {
        ScrubClient owner = subscribed("PRO");
        ScrubClient other = subscribed("PRO");
        JsonNode job = owner.clean("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        String id = job.path("id").asString();
        for (String path : new String[] {"", "/result", "/report"}) {
            HttpResponse<String> response = other.http.get("/api/v1/scrub-jobs/" + id + path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(Http.json(response).path("code").asString()).isEqualTo("SCRUB_JOB_NOT_FOUND");
        }
    }

    @Test
    void cleaningWithoutASubscriptionIsRefusedAndACallCentreCannotSubscribeForItsClient() {
        Professional professional = accounts.professional();
        ScrubClient client = new ScrubClient(port, accounts.key(professional).key());
        HttpResponse<String> refused = client.submit("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Http.json(refused).path("code").asString()).isEqualTo("NO_SUBSCRIPTION");

        assertThatThrownBy(() -> subscriptions.subscribe(new ApiCaller(professional.id(), 7L, 1L), "PRO"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(403);
                    assertThat(e.getBody().getProperties()).containsEntry("code", "DELEGATION_CANNOT_SUBSCRIBE");
                });
        assertThat(subscriptions.current(professional.id())).isEmpty();

        HttpResponse<String> unknown = client.subscribe("NO_SUCH_PLAN");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"field\":\"plan\"");
    }

    @Test
    void usageIsMeteredPerJobAndACleaningBeyondThePlanIsRefusedWith429() {
        String plan = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("insert into scrub_plan (code, name, numbers_per_year, cleanings_per_year) values (?, 'Test', 6, 2)")
                .param(plan).update();
        ScrubClient client = subscribed(plan);
        JsonNode first = client.clean("0612345678\n0698765432\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        assertThat(first.path("status").asString()).isEqualTo("DONE");
        JsonNode usage = Http.json(client.http.get("/api/v1/subscriptions/current"));
        assertThat(usage.path("numbersUsed").asLong()).isEqualTo(2);
        assertThat(usage.path("cleaningsUsed").asLong()).isEqualTo(1);

        // 5 rows where 4 are left: no result, nothing metered.
        JsonNode tooBig = client.clean("0612345671\n0612345672\n0612345673\n0612345674\n0612345675\n"
                .getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        assertThat(tooBig.path("status").asString()).isEqualTo("FAILED");
        assertThat(tooBig.path("error").path("code").asString()).isEqualTo("PLAN_QUOTA_EXCEEDED");
        assertThat(client.http.get("/api/v1/scrub-jobs/" + tooBig.path("id").asString() + "/result").statusCode())
                .isEqualTo(409);
        usage = Http.json(client.http.get("/api/v1/subscriptions/current"));
        assertThat(usage.path("numbersUsed").asLong()).isEqualTo(2);
        assertThat(usage.path("cleaningsUsed").asLong()).isEqualTo(1);

        assertThat(client.clean("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01")
                .path("status").asString()).isEqualTo("DONE");
        HttpResponse<String> third = client.submit("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Http.json(third).path("code").asString()).isEqualTo("PLAN_QUOTA_EXCEEDED");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void aJobInterruptedByARestartIsFailedAtStartAndTheFileCanBeSubmittedAgain() {
        ScrubClient client = subscribed("PRO");
        JsonNode done = client.clean("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        UUID interrupted = UUID.randomUUID();
        // As a crash leaves it: the row says RUNNING on this node, and no worker holds it.
        jdbc.sql("""
                        insert into scrub_job (id, professional_id, subscription_id, submitted_by, node, status, file_name,
                            campaign_date, regime, audit, screen_from, screen_to, valid_until, upload_bytes, created_at,
                            files_expire_at)
                        select ?, professional_id, subscription_id, submitted_by, node, 'RUNNING', file_name,
                            campaign_date, regime, audit, screen_from, screen_to, valid_until, upload_bytes, created_at,
                            files_expire_at from scrub_job where id = ?""")
                .params(interrupted, UUID.fromString(done.path("id").asString())).update();

        assertThat(jobs.recoverInterrupted()).isGreaterThanOrEqualTo(1);

        JsonNode failed = Http.json(client.http.get("/api/v1/scrub-jobs/" + interrupted));
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("INTERRUPTED");
        assertThat(client.clean("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01")
                .path("status").asString()).isEqualTo("DONE");
    }

    @Test
    void resultAndReportAreDeletedOnceTheirValidityHasPassed() {
        ScrubClient client = subscribed("PRO");
        JsonNode job = client.clean("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01");
        String id = job.path("id").asString();
        assertThat(client.resultText(id)).isEqualTo("0612345678\n");
        jobs.purgeExpired();
        assertThat(client.http.get("/api/v1/scrub-jobs/" + id + "/result").statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(31));
        jobs.purgeExpired();
        HttpResponse<String> gone = client.http.get("/api/v1/scrub-jobs/" + id + "/result");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(Http.json(gone).path("code").asString()).isEqualTo("SCRUB_RESULT_EXPIRED");
        assertThat(client.http.get("/api/v1/scrub-jobs/" + id + "/report").statusCode()).isEqualTo(410);
        assertThat(client.http.get("/api/v1/scrub-jobs/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void aDoneJobShowsFullProgressAndItsCounts() {
        ScrubClient client = subscribed("PRO");
        JsonNode job = client.clean("a;b\n1;0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "2026-07-01",
                "column", "2", "separator", ";", "encoding", "UTF-8");
        assertThat(job.path("status").asString()).isEqualTo("DONE");
        assertThat(job.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(job.path("bytesRead").asLong()).isEqualTo(job.path("bytesTotal").asLong());
        assertThat(job.path("rowsKept").asLong()).isEqualTo(1);
        assertThat(job.path("links").path("result").asString()).endsWith("/result");
    }

    @Test
    void badOptionsAreRefusedFieldByField() {
        ScrubClient client = subscribed("PRO");
        HttpResponse<String> bad = client.submit("0612345678\n".getBytes(StandardCharsets.UTF_8), "at", "July 1st",
                "separator", "|", "encoding", "UTF-16", "column", "0");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problem = Http.json(bad);
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.path("errors").toString()).contains("\"field\":\"at\"", "\"field\":\"separator\"",
                "\"field\":\"encoding\"", "\"field\":\"column\"");
        HttpResponse<String> noFile = client.submit(null, "at", "2026-07-01");
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(noFile.body()).contains("\"field\":\"file\"");
    }
}
