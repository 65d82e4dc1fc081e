package fr.consenti.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.ApiKeys;
import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Professionals;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Chromium;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import fr.consenti.server.testsupport.TestMail;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The wallet in a real browser (Debian's Chromium, headless, driven by its own chromedriver): sign up, verify the
 * email from the mail, sign in, prove a number with the SMS code, see the consent a professional recorded through
 * the API, withdraw it in one click, then see the withdrawal on the professional's consent page.
 */
@ConsentiIT
class WalletBrowserIT {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/verify-email\\?token=[A-Za-z0-9_-]+");
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String PASSWORD = "un chat sur le toit de Lyon";

    @LocalServerPort
    int port;
    @Autowired
    Professionals professionals;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    TestClock clock;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxSender sender;

    Chromium browser;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void chromium() {
        browser = Chromium.start(port);
        driver = browser.driver();
        wait = browser.waiting();
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return browser.url(path);
    }

    private void type(String id, String text) {
        browser.type(id, text);
    }

    private void submit(String formAction) {
        browser.submit(formAction);
    }

    private void signIn(String email, String password) {
        driver.get(url("/login"));
        type("email", email);
        type("password", password);
        submit("/login");
        wait.until(ExpectedConditions.urlContains("/account"));
    }

    @Test
    void consumerSignsUpProvesNumberAndWithdrawsConsentInOneClickSeenByTheProfessional() {
        LedgerFixture pro = new LedgerFixture(professionals, apiKeys, port, clock);
        String number = WalletIT.newMobile();
        String id = pro.give(number).path("id").asString();
        String email = TestAccounts.uniqueEmail("browser");

        // Sign up, then follow the verification link of the mail delivered over SMTP.
        driver.get(url("/signup"));
        type("email", email);
        type("password", PASSWORD);
        type("confirmation", PASSWORD);
        submit("/signup");
        wait.until(ExpectedConditions.urlContains("/signup?sent"));
        sender.sendPending();
        List<TestMail.Received> mails = TestMail.to(email);
        assertThat(mails).hasSize(1);
        // The link as the outbox holds it (the SMTP copy is quoted-printable, with soft line breaks).
        Matcher link = LINK.matcher(outbox.to(email).getFirst().body());
        assertThat(link.find()).isTrue();
        driver.get(link.group());
        signIn(email, PASSWORD);

        // Prove the number with the code the SMS carried (kept in the outbox in tests).
        driver.findElement(By.cssSelector("nav a[href$='/wallet']")).click();
        wait.until(ExpectedConditions.urlContains("/wallet"));
        type("number", WalletIT.national(number));
        submit("/wallet/numbers");
        wait.until(ExpectedConditions.urlContains("/wallet/confirm"));
        Matcher code = CODE.matcher(outbox.to(number).getFirst().body());
        assertThat(code.find()).isTrue();
        type("code", code.group(1));
        submit("/wallet/confirm");
        wait.until(ExpectedConditions.urlContains("/wallet?proven"));

        // The professional's consent is there; one click withdraws it.
        WebElement consent = driver.findElement(By.id("consent-" + id));
        assertThat(consent.getText()).contains("Exemple SA", "Rénovation");
        assertThat(consent.getAttribute("data-status")).isEqualTo("ACTIVE");
        consent.findElement(By.cssSelector("form[action$='/withdrawal'] button")).click();
        wait.until(ExpectedConditions.urlContains("/wallet?withdrawn"));
        assertThat(driver.findElement(By.id("consent-" + id)).getAttribute("data-status")).isEqualTo("WITHDRAWN");
        assertThat(driver.findElement(By.id("consent-" + id)).findElements(By.cssSelector("form"))).isEmpty();

        // Signed out, then in as the professional's staff: the withdrawal is on their consent page.
        submit("/logout");
        wait.until(ExpectedConditions.urlContains("/login"));
        Person staff = accounts.person(Role.PROFESSIONAL, pro.professional);
        signIn(staff.email(), TestAccounts.PASSWORD);
        driver.findElement(By.cssSelector("nav a[href$='/pro/consents']")).click();
        type("number", number);
        driver.findElement(By.cssSelector("form[role=search] button")).click();
        // The unfiltered list may show the same row until the search's page replaces it: wait for the search's
        // page, and read the row by its id at each poll rather than hold an element that the new page makes stale.
        wait.until(ExpectedConditions.urlContains("number="));
        wait.until(ExpectedConditions.attributeToBe(By.id("consent-" + id), "data-status", "WITHDRAWN"));
        assertThat(driver.findElement(By.id("consent-" + id)).getAttribute("data-status")).isEqualTo("WITHDRAWN");
    }
}
