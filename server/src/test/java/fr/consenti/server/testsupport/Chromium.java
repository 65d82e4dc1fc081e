package fr.consenti.server.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its own chromedriver for the browser tests. The driver is named
 * explicitly, so Selenium Manager never looks for (or downloads) one. Without Chromium a test is skipped, except under
 * {@code CI=true}, where it fails: CI installs it ({@code .ci/run}).
 */
public final class Chromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CONSENTI_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CONSENTI_CHROMEDRIVER",
            "/usr/bin/chromedriver"));

    private final int port;
    private final ChromeDriverService service;
    private final WebDriver driver;
    private final WebDriverWait wait;

    private Chromium(int port) {
        this.port = port;
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=fr-FR", "--accept-lang=fr-FR,fr", "--window-size=1280,2000");
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** A browser on the application at {@code port}; skips the test (fails it under CI) when Chromium is missing. */
    public static Chromium start(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "Chromium (" + CHROMIUM + ") or chromedriver (" + CHROMEDRIVER + ") not installed: "
                    + "apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(missing + " (CI=true, so this is a failure)");
            }
            Assumptions.abort(missing);
        }
        return new Chromium(port);
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Types into the input with this id once it is visible, replacing what it held. */
    public void type(String id, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks the submit button of the form posting to {@code formAction}. */
    public void submit(String formAction) {
        driver.findElement(By.cssSelector("form[action$='" + formAction + "'] button[type=submit]")).click();
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
