package fr.consenti.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import fr.consenti.server.outbox.Outbox;
import fr.consenti.server.outbox.OutboxSender;
import fr.consenti.server.testsupport.Chromium;
import fr.consenti.server.testsupport.ConsentiIT;
import fr.consenti.server.testsupport.TestAccounts;
import fr.consenti.server.testsupport.TestMail;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A professional signs up in a real browser (Debian's Chromium): from the home page to /signup/pro, follows the link
 * of the mail in the outbox, signs in and lands on the professional's pages, with its team.
 */
@ConsentiIT
class OnboardingProSignUpBrowserIT {

    @LocalServerPort
    int port;
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

    @Test
    void aProfessionalSignsUpFollowsTheLinkSignsInAndLandsOnTheProPages() {
        String email = TestAccounts.uniqueEmail("browser.pro");
        Siren siren = TestAccounts.newSiren();

        driver.get(browser.url("/"));
        driver.findElement(By.cssSelector("main a[href$='/signup/pro']")).click();
        wait.until(ExpectedConditions.urlContains("/signup/pro"));
        browser.type("siren", siren.value().substring(0, 3) + " " + siren.value().substring(3, 6) + " "
                + siren.value().substring(6));
        browser.type("name", "Navigateur Télécom SAS");
        new Select(driver.findElement(By.id("sector"))).selectByValue("TELECOMMUNICATIONS");
        browser.type("email", email);
        browser.type("password", OnboardingProSignUpIT.PASSWORD);
        browser.type("confirmation", OnboardingProSignUpIT.PASSWORD);
        browser.submit("/signup/pro");
        wait.until(ExpectedConditions.urlContains("/signup/pro?sent"));

        sender.sendPending();
        assertThat(TestMail.to(email)).hasSize(1);
        // The link as the outbox holds it (the SMTP copy is quoted-printable).
        Matcher link = OnboardingProSignUpIT.LINK.matcher(outbox.to(email.toLowerCase()).getFirst().body());
        assertThat(link.find()).isTrue();
        driver.get(link.group());
        wait.until(ExpectedConditions.urlContains("/login?verified"));

        browser.type("email", email);
        browser.type("password", OnboardingProSignUpIT.PASSWORD);
        browser.submit("/login");
        wait.until(ExpectedConditions.urlContains("/account"));
        assertThat(driver.findElement(By.id("main")).getText()).contains("Navigateur Télécom SAS", siren.value());

        driver.findElement(By.cssSelector("nav a[href$='/pro/team']")).click();
        wait.until(ExpectedConditions.urlContains("/pro/team"));
        assertThat(driver.findElement(By.id("main")).getText())
                .contains("Navigateur Télécom SAS", email.toLowerCase(), "Inviter un collègue");
        driver.findElement(By.cssSelector("nav a[href$='/pro/consents']")).click();
        wait.until(ExpectedConditions.urlContains("/pro/consents"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isNotBlank();
    }
}
