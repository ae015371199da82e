package com.dispatchbot.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for a browser test, as a JUnit extension: {@code @RegisterExtension final
 * ConsoleBrowser browser = new ConsoleBrowser();}. The browser starts on first use, saves a
 * screenshot (and the page's console log) when the test fails, and quits after each test.
 *
 * <p>It drives Debian's {@code chromium} through Debian's {@code chromedriver} ({@code
 * temporal-dev/test} installs both and exports CHROME_BIN and CHROMEDRIVER); both paths are given
 * to Selenium, so Selenium Manager never tries to download a driver or a browser. Screenshots go to
 * the system property {@code console.screenshots} (the pom sets {@code
 * ${project.build.directory}/console-screenshots}), else next to the test classes.
 */
final class ConsoleBrowser implements AfterEachCallback, TestExecutionExceptionHandler {
  /** Long enough for a turn through Temporal on a busy 2-core machine. */
  static final Duration WAIT = Duration.ofSeconds(30);

  // held here: java.util.logging forgets the level of a logger nobody references
  private static final Logger CDP_WARNINGS =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    // "Unable to find CDP implementation matching 156": no DevTools module is on the classpath
    CDP_WARNINGS.setLevel(Level.SEVERE);
  }

  private ChromeDriver driver;
  private Path profile;

  /** The browser, started on the first call. */
  WebDriver driver() {
    if (driver == null) {
      driver = start();
    }
    return driver;
  }

  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver(), WAIT);
    // the console re-renders lists on every pushed event: re-find instead of failing
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Waits until the condition is true (or non-null), re-evaluating on stale elements. */
  <T> T until(String what, Function<WebDriver, T> condition) {
    return waiting().withMessage(what).until(condition);
  }

  WebElement byTestId(String testId) {
    return driver().findElement(By.cssSelector("[data-testid='" + testId + "']"));
  }

  List<WebElement> allByTestId(String testId) {
    return driver().findElements(By.cssSelector("[data-testid='" + testId + "']"));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver()).executeScript(js, args);
  }

  /** Saves a PNG of the window as {@code <name>.png}; returns its path. */
  Path screenshot(String name) throws IOException {
    Path dir = screenshotDir();
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    Files.write(file, ((ChromeDriver) driver()).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  static Path screenshotDir() {
    String configured = System.getProperty("console.screenshots");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      // .../<build dir>/test-classes -> .../<build dir>/console-screenshots
      Path classes =
          Path.of(ConsoleBrowser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().resolve("console-screenshots");
    } catch (Exception e) {
      return Path.of("console-screenshots");
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (driver != null) {
      String name = context.getRequiredTestMethod().getName() + "-FAILED";
      try {
        Path shot = screenshot(name);
        Files.writeString(shot.resolveSibling(name + ".txt"), pageReport());
        failure.addSuppressed(
            new AssertionError("the browser at the failure: " + shot + " (and " + name + ".txt)"));
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
      profile = null;
    }
  }

  /** URL, title, visible text and the browser's console messages, for a failure. */
  private String pageReport() {
    String logs;
    try {
      logs =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .map(Object::toString)
              .collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      logs = "(no browser log: " + e.getMessage() + ")";
    }
    return "url: "
        + driver.getCurrentUrl()
        + "\ntitle: "
        + driver.getTitle()
        + "\n\n--- page text ---\n"
        + driver.findElement(By.tagName("body")).getText()
        + "\n\n--- browser console ---\n"
        + logs
        + "\n";
  }

  private ChromeDriver start() {
    Path chromium = executable("CHROME_BIN", "/usr/bin/chromium", "Chromium");
    Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver");
    try {
      profile = Files.createTempDirectory("console-it-chromium-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // the closed network here would otherwise flood the browser with refused connections
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        // a laptop screen
        "--window-size=1366,860");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** The path in the env var (else the Debian default), or a failure that says how to get it. */
  private static Path executable(String envVar, String debianDefault, String what) {
    String configured = System.getenv(envVar);
    Path path = Path.of(configured == null || configured.isBlank() ? debianDefault : configured);
    if (Files.isExecutable(path)) {
      return path;
    }
    String problem = System.getenv("BROWSER_PROBLEM");
    throw new IllegalStateException(
        what
            + " not found at "
            + path
            + ": run the browser test through temporal-dev/test, which installs Debian's chromium"
            + " and chromium-driver (or install them: apt-get install chromium chromium-driver; or"
            + " set "
            + envVar
            + ")"
            + (problem == null || problem.isBlank() ? "" : ". temporal-dev/test said: " + problem));
  }
}
