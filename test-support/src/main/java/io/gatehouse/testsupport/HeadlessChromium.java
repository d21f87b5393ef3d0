package io.gatehouse.testsupport;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, package {@code chromium}), headless, driven by
 * Playwright for Java with no browser download, for tests that need a real browser's rules (CORS,
 * Fetch metadata, forms, later the web UIs). Each instance has a fresh profile directory, deleted on
 * {@link #close()}. Host names can be pointed at loopback with {@link Builder#mapHost}, so a test
 * can serve "foreign" origins from its own port-0 servers.
 *
 * <p>A missing Chromium fails the test with the command that installs it: browser tests are never
 * skipped (CI installs the package in {@code .ci/run}).
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Where Debian's package puts the browser; {@code GATEHOUSE_CHROMIUM} overrides it. */
  public static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");

  private static final List<String> FLAGS = List.of(
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
      // plain http test servers: no automatic https:// attempt first
      "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable");

  private final Playwright playwright;
  private final BrowserContext context;
  private final Path profile;

  private HeadlessChromium(Playwright playwright, BrowserContext context, Path profile) {
    this.playwright = playwright;
    this.context = context;
    this.profile = profile;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new tab. */
  public Page newPage() {
    return context.newPage();
  }

  public BrowserContext context() {
    return context;
  }

  /** The browser executable to use, checked to exist. */
  public static Path executable() {
    String override = System.getenv("GATEHOUSE_CHROMIUM");
    Path exe = override == null || override.isBlank() ? DEFAULT_EXECUTABLE : Path.of(override);
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException("no Chromium at " + exe + ": install it with `apt-get install -y chromium`"
          + " (Debian package; .ci/run installs it) or point GATEHOUSE_CHROMIUM at one");
    }
    return exe;
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      playwright.close();
      LocalProcesses.deleteTree(profile);
    }
  }

  /** Options for one browser. */
  public static final class Builder {
    private final List<String> hostRules = new ArrayList<>();
    private boolean acceptAnyCertificate;

    private Builder() {}

    /** Resolves {@code host} to {@code 127.0.0.1} inside this browser only (Chromium's host resolver rules). */
    public Builder mapHost(String host) {
      Objects.requireNonNull(host, "host");
      if (!host.matches("[A-Za-z0-9.-]+")) {
        throw new IllegalArgumentException("host: expected a DNS name, got '" + host + "'");
      }
      hostRules.add("MAP " + host + " 127.0.0.1");
      return this;
    }

    /** Accepts any server certificate (a node's generated self-signed ones), for HTTPS listeners under test. */
    public Builder acceptAnyCertificate() {
      this.acceptAnyCertificate = true;
      return this;
    }

    public HeadlessChromium launch() {
      Path exe = executable();
      Path profile;
      try {
        profile = Files.createTempDirectory("gatehouse-chromium-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<String> args = new ArrayList<>(FLAGS);
      if (!hostRules.isEmpty()) {
        args.add("--host-resolver-rules=" + String.join(", ", hostRules));
      }
      // the driver must not fetch browsers of its own: Debian's Chromium is the one under test
      Playwright pw = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      try {
        // a persistent context is how Playwright takes a --user-data-dir: a fresh one per browser
        BrowserContext context = pw.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
            .setExecutablePath(exe)
            .setHeadless(true)
            .setArgs(args)
            .setIgnoreHTTPSErrors(acceptAnyCertificate)
            .setTimeout(60_000));
        return new HeadlessChromium(pw, context, profile);
      } catch (RuntimeException e) {
        pw.close();
        LocalProcesses.deleteTree(profile);
        throw e;
      }
    }
  }
}
