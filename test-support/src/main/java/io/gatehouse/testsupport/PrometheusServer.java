package io.gatehouse.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for tests: scrapes one loopback
 * target every second, listens on a loopback port the kernel picks (read from its own log line),
 * keeps its data in a temporary directory, and is stopped on {@link #close()}. {@link #query}
 * answers a PromQL instant query through its HTTP API, as the raw JSON text.
 *
 * <pre>{@code
 * try (PrometheusServer prom = PrometheusServer.scraping("127.0.0.1:8001", "/metrics")) {
 *   String json = prom.query("sum(kong_http_requests_total)");
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=(\\S+)");
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path dir, String base) {
    this.process = process;
    this.dir = dir;
    this.base = base;
  }

  /** Whether the {@code prometheus} binary is installed. */
  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/prometheus"));
  }

  /** Starts a server scraping {@code http://target path} every second. */
  public static PrometheusServer scraping(String target, String path) {
    Path dir;
    try {
      dir = Files.createTempDirectory("gatehouse-prometheus-");
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: gatehouse
              metrics_path: %s
              static_configs:
                - targets: ["%s"]
          """.formatted(path, target));
      Process p = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:0",
          "--log.level=info")
          .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      CompletableFuture<String> address = new CompletableFuture<>();
      StringBuilder log = new StringBuilder();
      Thread reader = new Thread(() -> readLog(p, address, log), "prometheus-log");
      reader.setDaemon(true);
      reader.start();
      try {
        return new PrometheusServer(p, dir, "http://" + address.get(STARTUP.toSeconds(), TimeUnit.SECONDS));
      } catch (Exception e) {
        p.destroyForcibly();
        throw new IllegalStateException("prometheus did not start: " + e + "\n" + log, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readLog(Process p, CompletableFuture<String> address, StringBuilder log) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (log) {
          log.append(line).append('\n');
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) address.complete(m.group(1));
      }
    } catch (IOException e) {
      address.completeExceptionally(e);
    }
    if (!address.isDone()) address.completeExceptionally(new IllegalStateException("prometheus closed its log"));
  }

  /** The HTTP API's base URL. */
  public String url() {
    return base;
  }

  /** {@code GET /api/v1/query?query=…}: the JSON answer as text. */
  public String query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** {@code GET path} on the HTTP API: the body. */
  public String get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
