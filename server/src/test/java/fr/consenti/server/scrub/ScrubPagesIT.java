package fr.consenti.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professional;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.testsupport.Browser;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The professional's and the operator's file cleaning pages, as a browser uses them. */
@ConsentiIT
class ScrubPagesIT {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Canaries canaries;

    Professional professional;
    Browser browser;

    @BeforeEach
    void signedIn() {
        professional = accounts.professional();
        browser = signIn(accounts.person(Role.PROFESSIONAL, professional));
    }

    Browser signIn(Person person) {
        Browser signedIn = new Browser(port);
        assertThat(Browser.location(signedIn.signIn(person.email(), TestAccounts.PASSWORD))).endsWith("/account");
        return signedIn;
    }

    void subscribe() {
        HttpResponse<String> subscribed = browser.submit("/pro/subscription", "/pro/subscription", Map.of("plan", "PRO"));
        assertThat(Browser.location(subscribed)).endsWith("/pro/subscription");
    }

    /** Uploads through the page's form, follows the job's status fragment to its end, returns the job's page. */
    String upload(String csv) {
        String csrf = Browser.csrf(browser.get("/pro/scrub").body());
        HttpResponse<String> posted = browser.postMultipart("/pro/scrub", Map.of("at", "2026-07-01"), "file",
                "appels.csv", csv.getBytes(StandardCharsets.UTF_8), csrf);
        String jobPage = Browser.location(posted);
        assertThat(jobPage).contains("/pro/scrub/");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> status = browser.get(jobPage + "/status");
            assertThat(status.statusCode()).isEqualTo(200);
            if (status.headers().firstValue("HX-Redirect").isPresent()) {
                break;
            }
            assertThat(status.body()).contains("hx-trigger=\"every 1s\"", "<progress");
            assertThat(Instant.now()).isBefore(deadline);
        }
        return jobPage;
    }

    @Test
    void theSubscriptionPageSubscribesInTheProfessionalsNameAndShowsTheUsage() {
        assertThat(browser.get("/pro/scrub").body()).contains("demande un abonnement");
        subscribe();
        String page = browser.get("/pro/subscription").body();
        assertThat(page).contains("Formule", "<meter", "Numéros nettoyés cette année : 0 sur 5", "max=\"5000000\"");
    }

    @Test
    void anUploadFromThePageShowsProgressThenTheReportWithItsChartAndItsRejectedLines() {
        subscribe();
        StringBuilder csv = new StringBuilder("nom;telephone\n");
        for (int i = 0; i < 60; i++) {
            csv.append("Invalide ").append(i).append(";12").append(i).append('\n');
        }
        csv.append("Durand;0612345678\n");
        String jobPage = upload(csv.toString());

        String report = browser.get(jobPage).body();
        assertThat(report).contains("Terminé", "<svg role=\"img\"", "Numéro invalide", "NUMBER_INVALID",
                "Gardées (appelables)", "Contrôle d&#39;une campagne passée", "2026-07-31", "Page 1 sur 2");
        assertThat(report).doesNotContain("hx-trigger");
        assertThat(report).contains("<td>2</td>").doesNotContain("<td>61</td>");
        assertThat(browser.get(jobPage + "?page=2").body()).contains("<td>61</td>", "Page 2 sur 2");
        HttpResponse<String> result = browser.get(jobPage + "/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("nom;telephone\nDurand;0612345678\n");
        assertThat(result.headers().firstValue("Content-Disposition").orElseThrow()).contains("appels-nettoye.csv");

        String history = browser.get("/pro/scrub").body();
        assertThat(history).contains("appels.csv", jobPage.substring(jobPage.indexOf("/pro/scrub/")));
    }

    @Test
    void anHtmxUploadAnswersTheLiveStatusFragmentAndARefusalInPlace() {
        String csrf = Browser.csrf(browser.get("/pro/scrub").body());
        HttpResponse<String> refused = browser.postMultipart("/pro/scrub", Map.of("at", "2026-07-01"), "file",
                "appels.csv", "0612345678\n".getBytes(StandardCharsets.UTF_8), csrf, "HX-Request", "true");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("role=\"alert\"", "NO_SUBSCRIPTION").doesNotContain("<html");

        subscribe();
        csrf = Browser.csrf(browser.get("/pro/scrub").body());
        HttpResponse<String> accepted = browser.postMultipart("/pro/scrub", Map.of("at", "2026-07-01"), "file",
                "appels.csv", "0612345678\n".getBytes(StandardCharsets.UTF_8), csrf, "HX-Request", "true");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("id=\"job-status\"", "hx-get=\"/pro/scrub/", "<progress")
                .doesNotContain("<html");
        assertThat(browser.get("/js/htmx-2.0.8.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void anotherProfessionalsJobPageIsNotFound() {
        subscribe();
        String jobPage = upload("0612345678\n");
        Browser other = signIn(accounts.person(Role.PROFESSIONAL, accounts.professional()));
        assertThat(other.get(jobPage).statusCode()).isEqualTo(404);
        assertThat(other.get(jobPage + "/result").statusCode()).isEqualTo(404);
        assertThat(other.get(jobPage + "/status").statusCode()).isEqualTo(404);
    }

    @Test
    void theOperatorSeesSubscriptionsUsageAndFlagsAndClearsAFlag() {
        subscribe();
        StringBuilder range = new StringBuilder("telephone\n");
        int start = 632_000_000 + (int) (System.nanoTime() % 500_000);
        for (int i = 0; i < 1100; i++) {
            range.append('0').append(start + i).append('\n');
        }
        upload(range.toString());
        Browser operator = signIn(accounts.person(Role.OPERATOR, null));
        String page = operator.get("/operator/scrub").body();
        assertThat(page).contains(professional.siren().value(), "Plages de numéros consécutifs", "Lever l&#39;alerte",
                "Abonnements en cours");
        String csrf = Browser.csrf(page);
        int at = page.indexOf("/operator/scrub/flags/");
        String action = page.substring(at, page.indexOf('"', at));
        assertThat(Browser.location(operator.post(action, Map.of(), csrf))).endsWith("/operator/scrub");
        assertThat(operator.get("/operator/scrub").body()).contains("Levée par person:");
    }

    @Test
    void theOperatorFindsTheSourceOfALeakedCleanFileFromItsCanaries() {
        subscribe();
        StringBuilder file = new StringBuilder("telephone\n");
        for (int canary : canaries.all()) {
            file.append('0').append(canary).append('\n');
        }
        String jobPage = upload(file.toString());
        String kept = browser.get(jobPage + "/result").body().replace("telephone\n", "");
        assertThat(kept).isNotBlank();

        Browser operator = signIn(accounts.person(Role.OPERATOR, null));
        String csrf = Browser.csrf(operator.get("/operator/scrub").body());
        HttpResponse<String> found = operator.post("/operator/scrub/leak", Map.of("numbers", kept, "kind", "KEPT"),
                csrf);
        assertThat(found.statusCode()).isEqualTo(200);
        String table = found.body().substring(found.body().indexOf("role=\"status\""));
        // The first suspect is the professional whose cleaning made the file, every canary agreeing.
        assertThat(table.substring(0, table.indexOf("</tr>", table.indexOf("<tbody>"))))
                .contains(professional.siren().value(), "✔");

        HttpResponse<String> none = operator.post("/operator/scrub/leak", Map.of("numbers", "0612345678", "kind",
                "KEPT"), csrf);
        assertThat(none.body()).contains("Aucun numéro témoin parmi les 1 numéros lus.");
    }
}
