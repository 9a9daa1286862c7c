package jp.oqsgateway.gateway.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (the same version, so the
 * WebDriver protocol matches), as the web UI's browser tests use it: a fresh profile per browser,
 * 1280×720 (the smallest screen the UI is made for), no network but loopback, screenshots under
 * {@code docs/screens/}. When chromium or chromedriver is missing, the packages of {@code
 * ops/packages/test.txt} are installed as {@code ./ops/test} does; the tests are skipped, with the
 * command to run, only where that is impossible (not root, no sudo).
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** A new browser with its own profile (sessionStorage, localStorage): one desk PC. */
  public static Browser open() {
    requireChromium();
    try {
      Path profile = Files.createTempDirectory("oqsgw-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox", // required as root; the tests' pages are the gateway's own
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-default-apps",
          "--autoplay-policy=no-user-gesture-required",
          // Without it Chromium looks up Google's hosts even with the flags above.
          "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
          "--lang=ja-JP",
          "--user-data-dir=" + profile,
          "--window-size=1280,720");
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .withLogOutput(java.io.OutputStream.nullOutputStream())
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      // The page itself gets 1280×720 (the window's size would include the browser's own frame).
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", 1280, "height", 720, "deviceScaleFactor", 1, "mobile", false));
      return new Browser(service, driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Chromium and its driver, installed if missing ({@link TestPackages}). */
  private static void requireChromium() {
    TestPackages.require(
        "chromium chromium-driver fonts-liberation fonts-ipafont-gothic",
        List.of(CHROMIUM, CHROMEDRIVER));
  }

  public WebDriver driver() {
    return driver;
  }

  public Browser go(String url) {
    driver.get(url);
    return this;
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * Waits (up to {@code seconds}) for the condition to answer non-null/true; its answer. A timeout
   * names what the page logged, which is usually why.
   */
  public <T> T await(String what, int seconds, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50))
          .withMessage(what)
          // An entry the screen re-rendered meanwhile is looked for again at the next poll.
          .ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " within " + seconds + " s; the page logged: " + logs(), e);
    }
  }

  /** The element once it is displayed. */
  public WebElement visible(String css, int seconds) {
    return await(
        css + " displayed",
        seconds,
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
  }

  /** Types into a field (cleared first). */
  public Browser type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
    return this;
  }

  public Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Saves what the screen shows now as {@code <name>.png} in the screenshots folder. */
  public Path screenshot(String name) {
    Path dir =
        Path.of(System.getProperty("oqsgw.screensDir", "target/screens"))
            .toAbsolutePath()
            .normalize();
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the page logged that a user would suffer from: a refused script or style (the CSP), an
   * uncaught error, a failed module load. Reading empties the log.
   */
  public List<String> severeLogs() {
    return logs().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        // A refused API call (401, 404…) is logged by Chromium too; the screens show those.
        .filter(m -> !(m.contains("/api/v1/") && m.contains("Failed to load resource")))
        .toList();
  }

  private List<LogEntry> logs() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  /** Puts a value into the page's sessionStorage (e.g. a token for a screen signed in earlier). */
  public void sessionStorage(Map<String, String> values) {
    values.forEach((k, v) -> script("sessionStorage.setItem(arguments[0], arguments[1])", k, v));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A profile left under /tmp is harmless.
    }
  }
}
