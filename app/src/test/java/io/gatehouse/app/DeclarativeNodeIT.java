package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB-less nodes (Kong's {@code database = off}) loading the corpus under
 * {@code src/test/resources/declarative} and proxying through it; broken files rejected precisely
 * with the running configuration untouched; the last good configuration survives a restart.
 */
class DeclarativeNodeIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EchoUpstream upstream;
  @TempDir Path prefix;

  @BeforeAll
  static void echo() throws Exception {
    upstream = EchoUpstream.start();
  }

  @AfterAll
  static void stopEcho() throws Exception {
    upstream.close();
  }

  static String corpus(String name) {
    try (var in = DeclarativeNodeIT.class.getResourceAsStream("/declarative/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("ECHO_PORT", String.valueOf(upstream.port()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Node start(Map<String, String> extra) throws Exception {
    Map<String, String> conf = new HashMap<>(Map.of("prefix", prefix.toString(), "status_listen", "off",
        "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0", "database", "off"));
    conf.putAll(extra);
    return Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf));
  }

  private Path write(String name, String text) throws IOException {
    Path f = prefix.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  static AdminClient admin(Node node) {
    return new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort());
  }

  static HttpResponse<String> proxy(Node node, String method, String path) throws Exception {
    int port = node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request with a chosen Host header (the JDK client refuses to set one). */
  static String rawGet(Node node, String path, String host) throws IOException {
    int port = node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    try (var socket = new java.net.Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void awaitStatus(Node node, String path, int status) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(proxy(node, "GET", path).statusCode()).isEqualTo(status));
  }

  @Test
  void transformFalseKeepsKongLegacyPasswordHashesAndTheDefaultHashesPlainOnes() throws Exception { // §3.1 _transform
    String consumerId = "6f1f3c1e-7f3e-4d5b-9a57-1d2c3b4a5e6f";
    byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
        .digest(("s3cret" + consumerId).getBytes(StandardCharsets.UTF_8)); // Kong's legacy basic-auth hash
    String template = """
        _format_version: "3.0"
        _transform: %s
        services:
        - name: vault
          url: %s
          routes:
          - name: vault-route
            paths: [/vault]
          plugins:
          - name: basic-auth
        consumers:
        - id: %s
          username: alice
          basicauth_credentials:
          - username: alice
            password: "%s"
        """;
    String exported = template.formatted("false", upstream.url("/"), consumerId, java.util.HexFormat.of().formatHex(sha1));
    try (Node node = start(Map.of("declarative_config", write("kong.yml", exported).toString()))) {
      awaitStatus(node, "/vault", 401);
      assertThat(basic(node, "/vault", "alice", "s3cret").statusCode()).isEqualTo(200);
      assertThat(basic(node, "/vault", "alice", "wrong").statusCode()).isEqualTo(401);
      String plain = template.formatted("true", upstream.url("/"), consumerId, "plain-pass");
      assertThat(admin(node).raw("POST", "/config", "application/yaml", plain.getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(201);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(basic(node, "/vault", "alice", "plain-pass").statusCode()).isEqualTo(200));
      assertThat(admin(node).get("/basic-auths/alice").json().get("password").asText())
          .as("stored hashed, never as sent").isNotEqualTo("plain-pass").startsWith("$2");
    }
  }

  @Test
  void replacingTheConfigurationUnderLoadFailsNoRequest() throws Exception { // issue 5: the swap drops nothing
    String first = bigConfig(1000, "first");
    try (Node node = start(Map.of("declarative_config", write("kong.yml", first).toString()))) {
      awaitStatus(node, "/steady", 200);
      var running = new java.util.concurrent.atomic.AtomicBoolean(true);
      var ok = new java.util.concurrent.atomic.AtomicInteger();
      List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
        List<java.util.concurrent.Future<?>> load = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
          load.add(pool.submit(() -> {
            for (int i = 0; i < 20_000 && running.get(); i++) {
              try {
                int status = proxy(node, "GET", "/steady").statusCode();
                if (status == 200) ok.incrementAndGet();
                else failures.add("status " + status);
              } catch (Exception e) {
                failures.add(e.toString());
              }
            }
            return null;
          }));
        }
        for (int round = 0; round < 4; round++) {
          String next = bigConfig(1000, "round" + round);
          assertThat(admin(node).raw("POST", "/config", "application/yaml", next.getBytes(StandardCharsets.UTF_8)).status())
              .isEqualTo(201);
          String marker = "/round" + round + "-0";
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
              assertThat(proxy(node, "GET", marker).statusCode()).isEqualTo(200));
        }
        running.set(false);
        for (var f : load) f.get();
      }
      assertThat(failures).as("requests failed while the configuration was replaced").isEmpty();
      assertThat(ok.get()).isGreaterThan(100);
    }
  }

  /** A DB-less file with {@code n} services (one route each, named after {@code tag}) plus /steady. */
  private static String bigConfig(int n, String tag) {
    StringBuilder y = new StringBuilder("_format_version: \"3.0\"\nservices:\n");
    y.append("- name: steady\n  url: ").append(upstream.url("/")).append("\n  routes:\n  - paths: [/steady]\n");
    for (int i = 0; i < n; i++) {
      y.append("- name: ").append(tag).append('-').append(i).append("\n  url: ").append(upstream.url("/"))
          .append("\n  routes:\n  - paths: [/").append(tag).append('-').append(i).append("]\n");
    }
    return y.toString();
  }

  private static HttpResponse<String> basic(Node node, String path, String user, String password) throws Exception {
    int port = node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    String token = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theCorpusLoadsAtStartAndProxies() throws Exception {
    Path file = write("kong.yml", corpus("shop.yml"));
    try (Node node = start(Map.of("declarative_config", file.toString()))) {
      awaitStatus(node, "/shop/catalog/list", 200);
      assertThat(Json.parse(proxy(node, "GET", "/shop/catalog/list?page=2").body()).get("uri").asText())
          .isEqualTo("/catalog/list?page=2");
      assertThat(Json.parse(proxy(node, "GET", "/shop/items/42").body()).get("uri").asText())
          .isEqualTo("/catalog/shop/items/42");
      // the route matches by wildcard host; what the upstream's balancer answers is the proxy's business
      assertThat(rawGet(node, "/shop/orders/7", "api.shop.example.com")).doesNotStartWith("HTTP/1.1 404");
      assertThat(rawGet(node, "/shop/orders/7", "elsewhere.example.com")).startsWith("HTTP/1.1 404");
      assertThat(proxy(node, "POST", "/shop/login").statusCode()).isEqualTo(200);
      AdminClient admin = admin(node);
      assertThat(admin.get("/upstreams/orders.upstream/targets").json().get("data")).hasSize(2);
      assertThat(admin.get("/consumers/alice").json().get("custom_id").asText()).isEqualTo("1001");
      assertThat(admin.post("/services", "{\"name\":\"x\",\"host\":\"x\"}").status()).isEqualTo(405);
    }
  }

  @Test
  void brokenFilesAreRejectedPreciselyAndTheRunningConfigStays() throws Exception {
    try (Node node = start(Map.of("declarative_config_string", corpus("shop.yml")))) {
      awaitStatus(node, "/shop/catalog/ok", 200);
      AdminClient admin = admin(node);
      String before = admin.get("/config").json().get("config").asText();
      List<Path> broken;
      try (Stream<Path> files = Files.list(Path.of(DeclarativeNodeIT.class.getResource("/declarative/broken").toURI()))) {
        broken = files.sorted().toList();
      }
      assertThat(broken).hasSizeGreaterThanOrEqualTo(7);
      for (Path f : broken) {
        String text = Files.readString(f);
        String expect = text.lines().findFirst().orElseThrow().replace("# expect: ", "");
        AdminClient.Resp r = admin.raw("POST", "/config", "application/yaml", text.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(f.getFileName() + ": " + r).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(14);
        assertThat(r.text()).as(f.getFileName().toString()).contains(expect);
      }
      assertThat(admin.get("/config").json().get("config").asText()).isEqualTo(before);
      assertThat(proxy(node, "GET", "/shop/catalog/still").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void postConfigSwapsAndTheLastGoodConfigSurvivesARestart() throws Exception {
    try (Node node = start(Map.of("declarative_config_string", corpus("shop.yml")))) {
      awaitStatus(node, "/shop/catalog/x", 200);
      String next = """
          _format_version: "3.0"
          services:
          - name: v2
            url: http://127.0.0.1:%d/v2
            routes: [{name: v2, paths: [/v2]}]
          """.formatted(upstream.port());
      assertThat(admin(node).raw("POST", "/config", "application/yaml", next.getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(201);
      awaitStatus(node, "/shop/catalog/x", 404);
      awaitStatus(node, "/v2/y", 200);
    }
    try (Node node = start(Map.of())) {
      awaitStatus(node, "/v2/after-restart", 200);
      assertThat(proxy(node, "GET", "/shop/catalog/x").statusCode()).isEqualTo(404);
    }
  }

  /**
   * {@code legacy/dbless-0.json} is the last good configuration as the build before the SQLite-backed DB-less
   * store kept it (written by commit 2a2b32c from a kong.yml with a service, a route, key-auth and a consumer
   * with a key). A node upgraded from that build serves it on its first start, and keeps serving it after that.
   */
  @Test
  void theCopyKeptByTheFormerDblessStoreIsServedAfterAnUpgrade() throws Exception {
    try (var in = DeclarativeNodeIT.class.getResourceAsStream("/legacy/dbless-0.json")) {
      Files.write(prefix.resolve("dbless.json"), in.readAllBytes());
    }
    try (Node node = start(Map.of())) {
      var keys = admin(node).get("/consumers/old-user/key-auth");
      assertThat(keys.status()).isEqualTo(200);
      assertThat(keys.json().path("data").get(0).path("key").asText()).isEqualTo("old-key");
      assertThat(admin(node).get("/routes/legacy").status()).isEqualTo(200);
      awaitStatus(node, "/legacy", 401); // key-auth from the kept copy is in force
    }
    assertThat(prefix.resolve("dbless.json")).doesNotExist();
    assertThat(prefix.resolve("dbless.json.imported")).exists();
    try (Node node = start(Map.of())) {
      assertThat(admin(node).get("/routes/legacy").status()).isEqualTo(200);
    }
  }

  @Test
  void aBrokenFileStopsTheStartNamingEveryProblemWithItsPosition() throws Exception {
    Path file = write("kong.yml", "_format_version: '3.0'\nservices:\n- name: s\n  port: 99999\n");
    assertThatThrownBy(() -> start(Map.of("declarative_config", file.toString())))
        .hasMessageContaining(file + ":3:3: services[1]: host: required field missing")
        .hasMessageContaining(file + ":4:9: services[1]: port: value should be between 0 and 65535");
  }
}
