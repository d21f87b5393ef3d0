package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kong's {@code reload} and {@code quit} on a node in its own process (issue 21): a reload takes new
 * settings and a new default certificate while a kept-alive connection, a TLS connection and a
 * request in flight carry on; a bad certificate is refused and the node keeps serving as before.
 * {@code quit} lets a request in flight finish, closes idle connections and stops accepting; past
 * {@code --timeout} the node is stopped by force.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReloadQuitIT {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private EchoUpstream upstream;
  private HttpServer holding;
  /** Released by the test: until then every request to the holding upstream waits (a request in flight). */
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger held = new AtomicInteger();

  @AfterEach
  void cleanUp() {
    new PidFile(dir.resolve("prefix").resolve("gatehouse.pid")).liveProcess().ifPresent(ProcessHandle::destroyForcibly);
    release.countDown();
    if (upstream != null) upstream.close();
    if (holding != null) holding.stop(0);
  }

  @Test
  void reloadSwapsSettingsAndCertificateWithoutDroppingConnections() throws Exception {
    CliProcess cli = new CliProcess(dir);
    int[] ports = CliProcess.freePorts(4);
    Path certA = writePair("reload-a");
    Path certB = writePair("reload-b");
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, conf(ports, certA, "log_level = notice\n"));
    String prefix = dir.resolve("prefix").toString();
    CliProcess.Result start = cli.run(Map.of(), "start", "-c", conf.toString(), "--prefix", prefix);
    assertThat(start.exit()).as(start.toString()).isZero();
    route(ports);

    try (RawHttp kept = new RawHttp(new Socket("127.0.0.1", ports[0]));
        RawHttp tls = new RawHttp(tlsSocket(ports[1]))) {
      RawHttp.Response before = kept.get("/reload", "reload.test");
      assertThat(before.status()).isEqualTo(200);
      assertThat(before.header("Via")).as("headers = server_tokens by default").contains("gatehouse");
      assertThat(before.header("X-Kong-Proxy-Latency")).isNotNull();
      assertThat(commonName((SSLSocket) tls.socket())).isEqualTo("reload-a");
      assertThat(tls.get("/reload", "reload.test").status()).isEqualTo(200);

      // a request in flight (the upstream holds it until released) when the reload happens
      CompletableFuture<HttpResponse<String>> inFlight = inFlight(ports[0]);
      Files.writeString(conf, conf(ports, certB, "log_level = debug\nheaders = off\nnginx_http_keepalive_requests = 500\n"));
      CliProcess.Result reload = cli.run(Map.of(), "reload", "-c", conf.toString(), "--prefix", prefix);
      assertThat(reload.exit()).as(reload.toString()).isZero();
      assertThat(reload.out()).isEqualTo("Gatehouse reloaded\n");
      assertThat(reload.err()).contains("take effect at the next restart: nginx_http_keepalive_requests");
      assertThat(inFlight.isDone()).as("the reload did not wait for the request in flight").isFalse();
      release.countDown();
      assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).as("the request in flight finished").isEqualTo(200);
      RawHttp.Response after = kept.get("/reload", "reload.test");
      assertThat(after.status()).as("the same kept-alive connection still serves").isEqualTo(200);
      assertThat(after.header("Via")).as("headers = off after the reload").isNull();
      assertThat(after.header("X-Kong-Proxy-Latency")).isNull();
      assertThat(tls.get("/reload", "reload.test").status()).as("the TLS connection from before still serves").isEqualTo(200);
      try (SSLSocket fresh = tlsSocket(ports[1])) {
        assertThat(commonName(fresh)).as("a new handshake presents the new ssl_cert").isEqualTo("reload-b");
      }
      assertThat(admin(ports[2], "/debug/node/log-level").path("message").asText()).isEqualTo("log level: debug");

      // a certificate file that is gone: refused, the node keeps cert B and its settings
      Files.writeString(conf, conf(ports, dir.resolve("missing.crt"), "log_level = info\n"));
      CliProcess.Result refused = cli.run(Map.of(), "reload", "-c", conf.toString(), "--prefix", prefix);
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("reload refused").contains("ssl_cert");
      try (SSLSocket fresh = tlsSocket(ports[1])) {
        assertThat(commonName(fresh)).isEqualTo("reload-b");
      }
      assertThat(admin(ports[2], "/debug/node/log-level").path("message").asText()).isEqualTo("log level: debug");
      assertThat(kept.get("/reload", "reload.test").header("Via")).isNull();
    }
    assertThat(cli.run(Map.of(), "quit", "-c", conf.toString(), "--prefix", prefix).exit()).isZero();
  }

  @Test
  void quitFinishesRequestsInFlightThenForcesPastTheTimeout() throws Exception {
    CliProcess cli = new CliProcess(dir);
    int[] ports = CliProcess.freePorts(4);
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, conf(ports, writePair("quit"), ""));
    String prefix = dir.resolve("prefix").toString();
    CliProcess.Result start = cli.run(Map.of(), "start", "-c", conf.toString(), "--prefix", prefix);
    assertThat(start.exit()).as(start.toString()).isZero();
    long pid = new PidFile(dir.resolve("prefix").resolve("gatehouse.pid")).read().orElseThrow();
    route(ports);

    try (RawHttp idle = new RawHttp(new Socket("127.0.0.1", ports[0]))) {
      assertThat(idle.get("/reload", "quit.test").status()).isEqualTo(200);
      CompletableFuture<HttpResponse<String>> inFlight = inFlight(ports[0]);
      CompletableFuture<CliProcess.Result> quit = CompletableFuture.supplyAsync(() -> {
        try {
          return cli.run(Map.of(), "quit", "-c", conf.toString(), "--prefix", prefix, "--timeout", "20");
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(idle.closedByPeer()).as("an idle kept-alive connection is closed by the quit").isTrue();
      assertThat(inFlight.isDone()).as("the quit began while the request was in flight").isFalse();
      Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", ports[0]).close())
              .as("no new connections while quitting").isInstanceOf(ConnectException.class));
      release.countDown();
      HttpResponse<String> finished = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(finished.statusCode()).as("the request in flight was answered").isEqualTo(200);
      CliProcess.Result quitted = quit.get(60, TimeUnit.SECONDS);
      assertThat(quitted.exit()).as(quitted.toString()).isZero();
      assertThat(quitted.out()).isEqualTo("Gatehouse stopped (gracefully)\n");
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

    // a request that outlasts --timeout: the node is stopped by force
    CliProcess.Result again = cli.run(Map.of(), "start", "-c", conf.toString(), "--prefix", prefix);
    assertThat(again.exit()).as(again.toString()).isZero();
    long second = new PidFile(dir.resolve("prefix").resolve("gatehouse.pid")).read().orElseThrow();
    CountDownLatch never = new CountDownLatch(1);
    holdWith(never);
    CompletableFuture<HttpResponse<String>> slow = inFlight(ports[0]);
    CliProcess.Result forced = cli.run(Map.of(), "quit", "-c", conf.toString(), "--prefix", prefix, "--timeout", "1");
    assertThat(forced.exit()).as(forced.toString()).isZero();
    assertThat(forced.out()).isEqualTo("Timeout, Gatehouse stopped forcefully\n");
    assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    slow.cancel(true);
    never.countDown();
  }

  private volatile CountDownLatch gate;

  private void holdWith(CountDownLatch latch) {
    gate = latch;
  }

  /** Sends a request to the holding route and waits until the holding upstream has it. */
  private CompletableFuture<HttpResponse<String>> inFlight(int proxyPort) {
    int before = held.get();
    CompletableFuture<HttpResponse<String>> f = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/held")).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString());
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> held.get() > before);
    return f;
  }

  private String conf(int[] ports, Path cert, String extra) {
    Path key = cert.resolveSibling(cert.getFileName().toString().replace(".crt", ".key"));
    return """
        proxy_listen = 127.0.0.1:%d, 127.0.0.1:%d ssl
        admin_listen = 127.0.0.1:%d
        status_listen = 127.0.0.1:%d
        ssl_cert = %s
        ssl_cert_key = %s
        """.formatted(ports[0], ports[1], ports[2], ports[3], cert, key) + extra;
  }

  private Path writePair(String name) throws IOException {
    PemKeyPair pair = SelfSignedCertificates.generate(name, SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
    Files.writeString(dir.resolve(name + ".key"), pair.privateKey());
    return Files.writeString(dir.resolve(name + ".crt"), pair.certificateChain());
  }

  /** A service on the echo upstream and a route on /reload, then waits until the proxy serves it. */
  private void route(int[] ports) throws Exception {
    upstream = EchoUpstream.start();
    gate = release;
    holding = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    holding.setExecutor(Executors.newCachedThreadPool());
    holding.createContext("/", ex -> {
      held.incrementAndGet();
      try {
        gate.await(); // a test's upstream thread, not the gateway's
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "released".getBytes();
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    holding.start();
    post(ports[2], "/services", "{\"name\":\"held\",\"url\":\"http://127.0.0.1:" + holding.getAddress().getPort() + "/\"}");
    post(ports[2], "/services/held/routes", "{\"name\":\"held\",\"paths\":[\"/held\"]}");
    // written last: once /reload answers, the snapshot has /held too
    post(ports[2], "/services", "{\"name\":\"reload\",\"url\":\"" + upstream.url("/") + "\"}");
    post(ports[2], "/services/reload/routes", "{\"name\":\"reload\",\"paths\":[\"/reload\"]}");
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/reload")).build();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  private void post(int adminPort, String path, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private com.fasterxml.jackson.databind.JsonNode admin(int adminPort, String path) throws Exception {
    return Json.parse(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static SSLSocket tlsSocket(int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
      @Override public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    s.startHandshake();
    return s;
  }

  private static String commonName(SSLSocket s) throws Exception {
    String dn = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    for (String part : dn.split(",")) {
      if (part.startsWith("CN=")) return part.substring(3);
    }
    return dn;
  }
}
