package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import io.gatehouse.testsupport.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kong's traditional mode (§9.1): two nodes on one PostgreSQL, each with its own Admin API and
 * proxy. What one node's Admin API writes, the other proxies (the LISTEN/NOTIFY change feed), and
 * rate-limiting's {@code policy = cluster} counts across both.
 */
class PostgresClusterIT {
  private static PostgresServer pg;

  @TempDir Path dirA;
  @TempDir Path dirB;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("kong");
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private static Map<String, String> postgres() {
    Map<String, String> conf = StoreKind.postgres(pg, "kong");
    conf.put("db_update_frequency", "60"); // far beyond the waits below: only NOTIFY is fast enough
    return conf;
  }

  @Test
  void a_route_created_on_node_a_is_proxied_by_node_b_and_cluster_rate_limits_count_on_both() throws Exception {
    try (WholeNode a = new WholeNode(dirA, postgres()); WholeNode b = new WholeNode(dirB, postgres())) {
      a.serviceAndRoute("pg-cluster", "/pg-cluster");
      HttpResponse<String> viaB = b.awaitStatus(200, "/pg-cluster/hello");
      assertThat(Json.parse(viaB.body()).get("uri").asText()).isEqualTo("/hello");
      assertThat(b.admin.get("/services/pg-cluster").status()).isEqualTo(200);

      // a day window: a minute boundary during the test must not reset the count
      a.create("/routes/pg-cluster/plugins",
          "{\"name\":\"rate-limiting\",\"config\":{\"day\":6,\"policy\":\"cluster\"}}");
      // each node counts from the first request that sees the plugin; neither sees it before
      assertThat(firstLimited(b).headers().firstValue("X-RateLimit-Remaining-Day")).hasValue("5");
      HttpResponse<String> onA = firstLimited(a);
      assertThat(onA.headers().firstValue("X-RateLimit-Remaining-Day")).as("b's request counted on a").hasValue("4");
      List<WholeNode> turns = List.of(b, a, b, a);
      for (int i = 0; i < turns.size(); i++) {
        HttpResponse<String> r = turns.get(i).get("/pg-cluster/x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-RateLimit-Remaining-Day")).hasValue(Integer.toString(3 - i));
      }
      assertThat(b.get("/pg-cluster/x").statusCode()).isEqualTo(429);
      assertThat(a.get("/pg-cluster/x").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void key_sets_keys_and_mtls_credentials_live_in_postgres() throws Exception {
    try (WholeNode a = new WholeNode(dirA, postgres()); WholeNode b = new WholeNode(dirB, postgres())) {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      String pub = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
          .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
      String set = a.create("/key-sets", "{\"name\":\"pg-set\"}").json().get("id").asText();
      String key = "{\"name\":\"pg-key\",\"kid\":\"pg-1\",\"set\":{\"id\":\"" + set + "\"},\"pem\":{\"public_key\":"
          + Json.MAPPER.writeValueAsString(pub) + "}}";
      a.create("/keys", key);
      assertThat(b.admin.get("/key-sets/pg-set/keys").json().get("data").get(0).get("kid").asText()).isEqualTo("pg-1");
      assertThat(b.admin.post("/keys", key.replace("pg-key", "pg-key-2")).status()).as("kid unique in its set").isEqualTo(409);

      String ca = a.create("/ca_certificates", "{\"cert\":" + Json.MAPPER.writeValueAsString(
          io.gatehouse.proxy.testing.TestPki.root("PG Root").certificatePem()) + "}").json().get("id").asText();
      a.create("/consumers", "{\"username\":\"pg-device\"}");
      String cred = a.create("/consumers/pg-device/mtls-auth", "{\"subject_name\":\"pg.example\",\"ca_certificate\":{\"id\":\""
          + ca + "\"}}").json().get("id").asText();
      assertThat(b.admin.get("/mtls-auths/" + cred).json().get("ca_certificate").get("id").asText()).isEqualTo(ca);

      assertThat(b.admin.delete("/key-sets/pg-set").status()).isEqualTo(204);
      assertThat(a.admin.get("/keys/pg-key").status()).as("cascaded").isEqualTo(404);
      assertThat(b.admin.delete("/ca_certificates/" + ca).status()).isEqualTo(204);
      assertThat(a.admin.get("/mtls-auths/" + cred).status()).as("cascaded").isEqualTo(404);
    }
  }

  // Kong 3.9 api/routes/debug.lua + runloop/log_level.lua: the cluster route sets the level here and
  // broadcasts {log_level, timeout}; every other node sets it for that timeout from when it hears it.
  // The node route changes one node only.
  @Test
  void cluster_log_level_reaches_every_node_for_its_timeout() throws Exception {
    try (WholeNode a = new WholeNode(dirA, postgres()); WholeNode b = new WholeNode(dirB, postgres())) {
      assertThat(level(b)).isEqualTo("log level: notice");
      assertThat(a.admin.json("PUT", "/debug/node/log-level/warn", "{}").json().path("message").asText())
          .isEqualTo("log level changed");
      assertThat(level(a)).isEqualTo("log level: warn");
      assertThat(level(b)).as("the node route stays on its node").isEqualTo("log level: notice");

      var changed = a.admin.json("PUT", "/debug/cluster/log-level/debug?timeout=2", "{}");
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().path("message").asText()).isEqualTo("log level changed");
      assertThat(level(a)).isEqualTo("log level: debug");
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> level(b).equals("log level: debug"));
      // the timeout (2 s) runs out on both: each returns to its configured log_level
      await().atLeast(Duration.ofMillis(500)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
          .until(() -> level(b).equals("log level: notice") && level(a).equals("log level: notice"));

      // timeout=0 keeps the level; Kong's checks answer before anything is broadcast
      assertThat(b.admin.json("PUT", "/debug/cluster/log-level/error?timeout=0", "{}").status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> level(a).equals("log level: error"));
      assertThat(b.admin.json("PUT", "/debug/cluster/log-level/loud", "{}").json().path("message").asText())
          .isEqualTo("unknown log level: loud");
      assertThat(b.admin.json("PUT", "/debug/cluster/log-level/info?timeout=-1", "{}").json().path("message").asText())
          .isEqualTo("timeout must be greater than or equal to 0");
      assertThat(b.admin.json("PUT", "/debug/cluster/log-level/error", "{}").json().path("message").asText())
          .isEqualTo("log level is already error");
      assertThat(level(a)).isEqualTo("log level: error");
    }
  }

  // Kong's pg_ro_*: reads go to the read-only connection (here a role that may only SELECT), writes
  // to pg_*; unset pg_ro_* keys take the pg_* values
  @Test
  void pg_ro_settings_send_reads_to_their_own_connection() throws Exception {
    pg.createDatabase("kong_ro_test");
    pg.sql("kong_ro_test", "CREATE ROLE gatehouse_reader LOGIN PASSWORD 'reader-pw'");
    pg.sql("kong_ro_test", "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO gatehouse_reader");
    Map<String, String> conf = postgres();
    conf.put("pg_database", "kong_ro_test");
    conf.put("pg_ro_host", pg.host());
    conf.put("pg_ro_user", "gatehouse_reader");
    conf.put("pg_ro_password", "reader-pw");
    try (WholeNode node = new WholeNode(dirA, conf)) {
      node.serviceAndRoute("ro-read", "/ro-read");
      assertThat(node.admin.get("/services/ro-read").status()).isEqualTo(200);
      assertThat(node.awaitStatus(200, "/ro-read/x").statusCode()).isEqualTo(200);
      // the reader loses its right to read entities: Admin reads fail, writes (as pg_user) do not
      pg.sql("kong_ro_test", "REVOKE SELECT ON entities FROM gatehouse_reader");
      assertThat(node.admin.get("/services/ro-read").status()).as("reads use pg_ro_user").isEqualTo(500);
      assertThat(node.admin.post("/services", "{\"name\":\"ro-write\",\"host\":\"w.test\"}").status())
          .as("writes use pg_user").isEqualTo(201);
      pg.sql("kong_ro_test", "GRANT SELECT ON entities TO gatehouse_reader");
      assertThat(node.admin.get("/services/ro-write").status()).isEqualTo(200);
    }
  }

  private static String level(WholeNode node) {
    return node.admin.get("/debug/node/log-level").json().path("message").asText();
  }

  /** Proxies until the node's snapshot has the plugin; only the last request was counted. */
  private static HttpResponse<String> firstLimited(WholeNode node) {
    List<HttpResponse<String>> last = new java.util.ArrayList<>(List.of());
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      HttpResponse<String> r = node.get("/pg-cluster/x");
      last.add(0, r);
      return r.headers().firstValue("X-RateLimit-Remaining-Day").isPresent();
    });
    return last.get(0);
  }

  @Test
  void a_node_does_not_start_without_its_database() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> conf = postgres();
    conf.putAll(Map.of("pg_port", Integer.toString(closedPort), "pg_timeout", "1000", "prefix", dirA.toString(),
        "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0", "status_listen", "off"));
    assertThatThrownBy(() -> Node.start(new SettingsLoader(Map.of(), List.of(), dirA).load(null, conf)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("database = postgres")
        .hasMessageContaining("cannot connect to postgresql://postgres@127.0.0.1:" + closedPort + "/kong")
        .hasMessageContaining("check pg_host, pg_port");
  }
}
