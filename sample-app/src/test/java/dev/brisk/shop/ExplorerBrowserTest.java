package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /docs} in a real browser (Debian's headless Chromium through chromedriver): the
 * operations render, an API key set in the explorer is sent, and "Try it out" succeeds. A
 * missing browser fails the test: CI installs {@code chromium} and {@code chromium-driver}.
 * The screenshot goes to {@code target/}; {@code -Dbrisk.update-screenshots=true} also
 * refreshes {@code docs/img/openapi-explorer.png}.
 */
class ExplorerBrowserTest {

  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    assertThat(CHROMEDRIVER).as("apt-get install chromium chromium-driver").isFile();
    assertThat(CHROMIUM).as("apt-get install chromium chromium-driver").isFile();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1280,1400");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void renders_the_operations_and_a_keyed_try_it_out_succeeds() throws IOException {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get("http://localhost:" + TestShop.app().port() + "/docs");
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.id("operations-orders-postApiOrders")));
    List<WebElement> operations = browser.findElements(By.cssSelector(".opblock"));
    assertThat(operations.size()).isGreaterThan(15);
    assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
        .startsWith("Brisk shop");

    browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".auth-container input"))).sendKeys("demo-internal");
    browser.findElement(By.cssSelector(".auth-btn-wrapper .authorize")).click();
    browser.findElement(By.cssSelector(".auth-btn-wrapper .btn-done")).click();

    // Users are visible only to their owner or the internal tier: 200 proves the key was sent.
    WebElement user = browser.findElement(By.id("operations-users-getApiUsersById"));
    user.findElement(By.cssSelector(".opblock-summary-control")).click();
    // The expanded block renders after the click: wait for each control by its locator (a
    // findElement inside until(...) would look once, before the wait).
    String block = "#operations-users-getApiUsersById ";
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector(block + ".try-out__btn"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector(block + "tr[data-param-name='id'] input"))).sendKeys("2");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(block + ".execute")))
        .click();
    WebElement status = wait.until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(user,
        By.cssSelector(".live-responses-table tbody .response-col_status"))).get(0);
    assertThat(status.getText()).startsWith("200");
    assertThat(user.findElement(By.cssSelector(".live-responses-table .microlight")).getText())
        .contains("\"email\"");
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", status);
    screenshot();
  }

  private static void screenshot() throws IOException {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target", "openapi-explorer.png"), png);
    if (Boolean.getBoolean("brisk.update-screenshots")) {
      Files.write(Path.of("..", "docs", "img", "openapi-explorer.png"), png);
    }
  }
}
