package org.cnctwin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page end to end, in Debian's headless Chromium driven through chromedriver: the demo's
 * own components (Cassandra, broker, cluster, simulated machines) behind it. An operator opens
 * the page, sees the machines, opens one, watches its charts move, breaks its tool from the page
 * and acknowledges the alarm that comes back.
 */
class LivePageIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path data;
    @TempDir
    Path browserProfile;
    Demo.Running demo;
    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") == null) {
            Assumptions.abort("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver); CI installs them");
        }
        assertThat(installed).as("CI must have /usr/bin/chromium and /usr/bin/chromedriver").isTrue();
        demo = Demo.start(data, 3, 0, null);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1300,1000", "--user-data-dir=" + browserProfile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.node().system().terminate();
            demo.node().system().getWhenTerminated().toCompletableFuture().get(90, TimeUnit.SECONDS);
        }
    }

    private WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private int points(String series) {
        String value = browser.findElement(By.cssSelector(".chart[data-series='" + series + "']")).getAttribute("data-points");
        return value == null ? 0 : Integer.parseInt(value);
    }

    @Test
    void anOperatorWatchesAMachineBreaksItsToolAndAcknowledgesTheAlarm() throws Exception {
        browser.get(demo.url());
        waiting(60).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#fleet .machine"), 3));
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("3 machines");

        browser.findElement(By.cssSelector(".machine[data-machine-id='cnc-001']")).click();
        waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        waiting(20).until(driver -> points("load") >= 2);
        int before = points("load");
        waiting(20).until(driver -> points("load") > before);
        assertThat(browser.findElement(By.id("detail-title")).getText()).startsWith("cnc-001");

        new Select(browser.findElement(By.id("fault"))).selectByVisibleText("TOOL_BREAKAGE");
        browser.findElement(By.id("inject")).click();
        waiting(10).until(ExpectedConditions.textMatches(By.id("fault-status"), java.util.regex.Pattern.compile("^sent")));

        // The simulator breaks the tool at its next cut; its control's alarm comes back as an alert, live.
        By acknowledge = By.cssSelector("#alerts li[data-code^='ALARM_'] button");
        waiting(120).until(ExpectedConditions.elementToBeClickable(acknowledge));
        File screenshot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(screenshot.toPath(), Path.of("target", "live-page.png"), StandardCopyOption.REPLACE_EXISTING);
        // The list is redrawn as alerts change: a button found a moment ago may be gone, so find it as it is clicked.
        waiting(20).ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(acknowledge).click();
            return true;
        });
        waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alerts li[data-code^='ALARM_'] .acknowledged")));
        String acknowledged = waiting(20).ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.cssSelector("#alerts li[data-code^='ALARM_']")).getText());
        assertThat(acknowledged).contains("acknowledged by operator");
    }
}
