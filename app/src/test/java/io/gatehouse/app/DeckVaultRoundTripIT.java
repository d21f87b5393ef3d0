package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: decK (Debian's package, {@code /usr/bin/deck}) round trips a configuration whose secrets are
 * {@code {vault://<prefix>/…}} references to a configured env vault: {@code deck sync} into a node (the proxy uses
 * the resolved secrets: http-log's endpoint and header, a certificate's cert/key), {@code deck dump} gives the
 * references back and never the secrets, {@code deck diff} of the dump shows no change, and {@code deck sync} of the
 * dump into a fresh node works. Debian's decK is 1.4, which predates vault entities in decK files (its file schema
 * refuses {@code vaults}): the vault entity goes through the Admin API, and the whole file, vault included, round trips
 * through {@code gatehouse config dump}, {@code kong config db_import} and {@code db_export}. Each node runs in its own JVM, since the
 * env vault reads the process environment.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeckVaultRoundTripIT {
  private static final String DECK = "/usr/bin/deck";
  private static final String TOKEN = "tok-" + Long.toHexString(System.nanoTime());
  private static final String VAULT = "{\"name\":\"env\",\"prefix\":\"my-env\",\"config\":{\"prefix\":\"GH_\"}}";

  @TempDir Path dir;
  private final List<Path> prefixes = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopNodes() {
    for (Path prefix : prefixes) {
      new PidFile(prefix.resolve("gatehouse.pid")).liveProcess().ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void deckSyncDumpDiffKeepVaultReferences() throws Exception {
    PemKeyPair pair = SelfSignedCertificates.generate("vaulted.test", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
    List<Map<String, String>> logged = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/logs", ex -> {
      logged.add(Map.of("token", String.valueOf(ex.getRequestHeaders().getFirst("X-Token"))));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    collector.start();
    try {
      Map<String, String> env = Map.of("GH_LOG_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort() + "/logs",
          "GH_LOG_TOKEN", TOKEN, "GH_TLS_CERT", pair.certificateChain(), "GH_TLS_KEY", pair.privateKey());
      CliProcess cli = new CliProcess(dir);

      // 1. deck sync into node A (B starts alongside and stays fresh for step 3); A's proxy uses the resolved secrets
      CompletableFuture<Node> fresh = CompletableFuture.supplyAsync(() -> start(cli, env, "b"));
      Node a = start(cli, env, "a");
      a.admin("POST", "/vaults", VAULT, 201);
      Path file = Files.writeString(dir.resolve("kong.yml"), """
          _format_version: "1.1"
          certificates:
          - id: 6c0d7b1e-3c0f-4b4e-9a43-1f0f5a3e9c01
            cert: "{vault://my-env/tls-cert}"
            key: "{vault://my-env/tls-key}"
            snis:
            - name: vaulted.test
          services:
          - name: echo
            url: http://127.0.0.1:9/
            routes:
            - name: echo
              paths: [/vaulted]
            plugins:
            - name: http-log
              config:
                http_endpoint: "{vault://my-env/log-endpoint}"
                headers:
                  X-Token: "{vault://my-env/log-token}"
          """);
      deck("sync", "-s", file.toString(), "--kong-addr", a.adminUrl());
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
        a.proxy("/vaulted");
        return !logged.isEmpty();
      });
      assertThat(logged.getFirst()).as("http-log sent the header resolved from the env vault").containsEntry("token", TOKEN);
      assertThat(a.servedCertificate("vaulted.test")).isEqualTo(certificate(pair.certificateChain()));

      // 2. deck dump gives the references, never the secrets; deck diff of the dump shows no change
      Path dump = dir.resolve("dump.yaml");
      deck("dump", "-o", dump.toString(), "--kong-addr", a.adminUrl());
      String dumped = Files.readString(dump);
      assertThat(dumped).contains("{vault://my-env/tls-cert}", "{vault://my-env/tls-key}", "{vault://my-env/log-endpoint}",
          "{vault://my-env/log-token}").doesNotContain(TOKEN, "PRIVATE KEY", "BEGIN CERTIFICATE");
      assertNoChange(deck("diff", "-s", dump.toString(), "--kong-addr", a.adminUrl()));

      // 3. deck sync of the dump into a fresh node B
      Node b = fresh.join();
      b.admin("POST", "/vaults", VAULT, 201);
      deck("sync", "-s", dump.toString(), "--kong-addr", b.adminUrl());
      assertNoChange(deck("diff", "-s", dump.toString(), "--kong-addr", b.adminUrl()));
      b.admin("GET", "/vaults/my-env", null, 200); // decK does not know the type, so its sync leaves the vault alone
      assertThat(b.admin("GET", "/certificates/6c0d7b1e-3c0f-4b4e-9a43-1f0f5a3e9c01", null, 200).get("key").asText())
          .isEqualTo("{vault://my-env/tls-key}");
      assertThat(b.servedCertificate("vaulted.test")).isEqualTo(certificate(pair.certificateChain()));

      // 4. decK 1.4's file schema has no vaults; Gatehouse's own dump carries them to kong config db_import
      Path withVault = Files.writeString(dir.resolve("with-vault.yml"), "_format_version: \"1.1\"\n"
          + "vaults:\n- {name: env, prefix: my-env, config: {prefix: GH_}}\n");
      CliProcess.Result refused = run(List.of(DECK, "validate", "-s", withVault.toString()));
      assertThat(refused.exit()).as("Debian's decK 1.4 predates vaults in decK files; a newer decK should carry the vault"
          + " in the decK file instead of the Admin API call above").isNotZero();
      assertThat(refused.err()).contains("Additional property vaults is not allowed");
      Path full = dir.resolve("gatehouse-dump.yml");
      CliProcess.Result gd = cli.run(env, "config", "dump", "--admin-url", a.adminUrl(), "-o", full.toString());
      assertThat(gd.exit()).as(gd.toString()).isZero();
      assertThat(Files.readString(full)).contains("prefix: my-env", "{vault://my-env/tls-key}").doesNotContain(TOKEN, "PRIVATE KEY");
      Path prefixC = dir.resolve("c");
      CliProcess.Result imported = cli.run(env, "config", "db_import", full.toString(), "--prefix", prefixC.toString());
      assertThat(imported.exit()).as(imported.toString()).isZero();
      Path exported = dir.resolve("exported.yml");
      CliProcess.Result export = cli.run(env, "config", "db_export", exported.toString(), "--prefix", prefixC.toString());
      assertThat(export.exit()).as(export.toString()).isZero();
      var again = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .readTree(exported.toFile());
      assertThat(again.at("/vaults/0/prefix").asText()).isEqualTo("my-env");
      assertThat(again.at("/vaults/0/config/prefix").asText()).isEqualTo("GH_");
      assertThat(again.at("/certificates/0/key").asText()).isEqualTo("{vault://my-env/tls-key}");
      assertThat(Files.readString(exported)).contains("{vault://my-env/log-token}").doesNotContain(TOKEN, "PRIVATE KEY");
    } finally {
      collector.stop(0);
    }
  }

  private static void assertNoChange(CliProcess.Result diff) {
    assertThat(diff.out()).as(diff.toString()).contains("Created: 0", "Updated: 0", "Deleted: 0");
  }

  private CliProcess.Result deck(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DECK, "--no-color"));
    cmd.addAll(List.of(args));
    CliProcess.Result r = run(cmd);
    assertThat(r.exit()).as(String.join(" ", cmd) + " -> " + r).isZero();
    return r;
  }

  private CliProcess.Result run(List<String> cmd) throws Exception {
    Path out = Files.createTempFile(dir, "deck", ".out");
    Path err = Files.createTempFile(dir, "deck", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("HOME", dir.toString()); // no ~/.deck.yaml of the machine's user
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", cmd) + " finished").isTrue();
    return new CliProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Starts a node in its own JVM with {@code env} (the env vault's variables) on the prefix {@code dir/name}. */
  private Node start(CliProcess cli, Map<String, String> env, String name) {
    try {
      int[] ports = CliProcess.freePorts(3);
      Path prefix = dir.resolve(name);
      prefixes.add(prefix);
      Path conf = Files.writeString(dir.resolve(name + ".conf"), """
          proxy_listen = 127.0.0.1:%d, 127.0.0.1:%d ssl
          admin_listen = 127.0.0.1:%d
          status_listen = off
          """.formatted(ports[0], ports[1], ports[2]));
      CliProcess.Result r = cli.run(env, "start", "-c", conf.toString(), "--prefix", prefix.toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      return new Node(ports[0], ports[1], ports[2]);
    } catch (Exception e) {
      throw new IllegalStateException("starting node " + name, e);
    }
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private final class Node {
    final int proxy;
    final int proxyTls;
    final int admin;

    Node(int proxy, int proxyTls, int admin) {
      this.proxy = proxy;
      this.proxyTls = proxyTls;
      this.admin = admin;
    }

    String adminUrl() {
      return "http://127.0.0.1:" + admin;
    }

    com.fasterxml.jackson.databind.JsonNode admin(String method, String path, String json, int expect) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(10));
      b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        b.header("Content-Type", "application/json");
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(expect);
      return Json.parse(r.body());
    }

    void proxy(String path) throws Exception {
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.discarding());
    }

    /** The leaf certificate the TLS proxy listener presents for {@code sni} (trusting anything: we compare it). */
    X509Certificate servedCertificate(String sni) throws Exception {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", proxyTls)) {
        SSLParameters params = s.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni)));
        s.setSSLParameters(params);
        s.startHandshake();
        return (X509Certificate) s.getSession().getPeerCertificates()[0];
      }
    }
  }
}
