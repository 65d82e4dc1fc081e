package fr.consenti.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.accounts.Person;
import fr.consenti.server.accounts.Role;
import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Chromium;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestClock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The opposition list and a complaint in a real browser (Debian's Chromium, headless, through its own chromedriver):
 * a consumer registers a number with the SMS code and is told which consents go; a consumer files a complaint that an
 * authority agent then finds in the queue.
 */
@ConsentiIT
class RegistryBrowserIT {


    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxSender sender;

    @Autowired
    TestClock clock;

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

    private void signIn(Person person) {
        driver.get(url("/login"));
        type("email", person.email());
        type("password", TestAccounts.PASSWORD);
        submit("/login");
        wait.until(ExpectedConditions.urlContains("/account"));
    }

    private String code(String e164) {
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(
                outbox.to(e164).getFirst().body());
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    @Test
    void aConsumerRegistersANumberInTheBrowserAndIsToldWhichConsentsGo() {
        Person consumer = accounts.person(Role.CONSUMER, null);
        String number = RegistryConsumer.newMobile();
        new ConsentHolder(accounts, port, clock).give(number);
        signIn(consumer);

        driver.findElement(By.cssSelector("nav a[href$='/registry']")).click();
        wait.until(ExpectedConditions.urlContains("/registry"));
        type("number", RegistryFormat.national(number));
        submit("/registry/numbers");
        wait.until(ExpectedConditions.urlContains("/registry/verify"));
        type("code", code(number));
        submit("/registry/verify");
        wait.until(ExpectedConditions.urlContains("/registry/confirm"));
        assertThat(driver.findElement(By.id("pending")).getText()).contains(RegistryFormat.national(number));
        assertThat(driver.findElement(By.id("consents")).getText()).contains("retire dès maintenant 1 consentement(s)");
        assertThat(driver.findElement(By.id("effective")).getText()).matches("\\d{2}/\\d{2}/\\d{4} à \\d{2}:\\d{2}");

        submit("/registry/confirm");
        wait.until(ExpectedConditions.urlContains("registered="));
        assertThat(driver.findElement(By.id("registered")).getText()).contains("Votre inscription est enregistrée");
        assertThat(driver.findElement(By.id("numbers")).getText()).contains(RegistryFormat.national(number))
                .contains("En attente de prise d'effet");
        assertThat(driver.findElements(By.cssSelector("#receipts a[href$='.pdf']"))).hasSize(1);
    }

    @Test
    void aConsumerFilesAComplaintInTheBrowserThatTheAuthoritySeesInItsQueue() {
        Person consumer = accounts.person(Role.CONSUMER, null);
        String company = "Démarcheur " + System.nanoTime();
        signIn(consumer);
        driver.get(url("/complaints/new"));
        WebElement date = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("callDate")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", date,
                LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris"))).minusDays(2).toString());
        new Select(driver.findElement(By.id("slot"))).selectByValue("14");
        type("lineCalled", "01 45 67 89 10");
        type("callerNumber", "09 48 12 34 56");
        new Select(driver.findElement(By.id("sector"))).selectByValue("INSURANCE");
        type("company", company);
        submit("/complaints");
        wait.until(ExpectedConditions.urlContains("filed="));
        assertThat(driver.findElement(By.id("filed")).getText()).contains("transmise à la DGCCRF");

        driver.findElement(By.cssSelector("form[action$='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signIn(accounts.person(Role.AUTHORITY, null));
        driver.findElement(By.cssSelector("nav a[href$='/authority/complaints']")).click();
        wait.until(ExpectedConditions.urlContains("/authority/complaints"));
        assertThat(driver.findElement(By.id("queue")).getText()).contains(company).contains("14:00–16:00");
    }

    /** Sends what this test queued, so that the shared outbox holds no backlog for the tests that follow. */
    @AfterEach
    void drainOutbox() {
        while (sender.sendPending() > 0) {
            // until nothing is left to send
        }
    }
}
