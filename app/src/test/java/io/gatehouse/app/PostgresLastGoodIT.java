package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.control.LastGoodFile;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, beyond Kong: a PostgreSQL-backed node keeps the last configuration it applied on disk
 * ({@code last_good_config_file}) and, when it starts while the database is down (a real server,
 * stopped and started by the test), serves that configuration, says so on {@code /status}
 * ({@code configuration.source: last_good_file}) and catches up once the database answers.
 */
class PostgresLastGoodIT {
  private static PostgresServer pg;
  private static EchoUpstream origin;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("kong");
    origin = EchoUpstream.start();
  }

  @AfterAll
  static void stopServer() {
    origin.close();
    pg.close();
  }

  private static Map<String, String> conf() {
    Map<String, String> conf = StoreKind.postgres(pg, "kong");
    conf.put("pg_timeout", "1000"); // how long a start waits for the database before falling back
    conf.put("db_update_frequency", "0.5");
    return conf;
  }

  private static void serviceAndRoute(WholeNode node, String name) {
    node.create("/services", "{\"name\":\"" + name + "\",\"url\":\"" + origin.url("/") + "\"}");
    node.create("/services/" + name + "/routes", "{\"paths\":[\"/" + name + "\"]}");
    node.awaitStatus(200, "/" + name + "/x");
  }

  private static long savedVersion(Path prefix) {
    return new LastGoodFile(prefix.resolve("last_good_config")).load().map(LastGoodFile.Saved::version).orElse(-1L);
  }

  @Test
  void a_node_starts_from_its_last_good_configuration_while_postgres_is_down_then_catches_up() throws Exception {
    Path a = dir.resolve("a");
    try (WholeNode node = new WholeNode(a, conf())) {
      serviceAndRoute(node, "kept");
      long version = node.admin.get("/status").json().at("/configuration/version").asLong();
      await().atMost(Duration.ofSeconds(10)).until(() -> savedVersion(a) == version);
      assertThat(node.admin.get("/status").json().at("/configuration/source").asText()).isEqualTo("database");
    }
    try (WholeNode other = new WholeNode(dir.resolve("b"), conf())) { // written while node a is away
      serviceAndRoute(other, "missed");
    }

    pg.stop();
    try {
      assertThatThrownBy(() -> start(dir.resolve("never-ran"), Map.of()))
          .as("no saved configuration: Kong's refusal, naming the missing file")
          .hasMessageContaining("database = postgres: cannot connect")
          .hasMessageContaining("no last good configuration at");
      assertThatThrownBy(() -> start(a, Map.of("last_good_config_file", "off")))
          .as("the file turned off: Kong's refusal").hasMessageContaining("database = postgres: cannot connect");

      try (WholeNode node = new WholeNode(a, conf())) {
        assertThat(node.get("/kept/x").statusCode()).as("served from the saved configuration").isEqualTo(200);
        assertThat(node.get("/missed/x").statusCode()).as("written after the save").isEqualTo(404);
        AdminClient.Resp status = node.admin.get("/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().at("/database/reachable").asBoolean()).isFalse();
        assertThat(status.json().at("/configuration/source").asText()).as(status.text()).isEqualTo("last_good_file");
        assertThat(status.json().at("/configuration/active_version").asLong()).isEqualTo(savedVersion(a));
        assertThat(node.admin.post("/services", "{\"name\":\"while-down\",\"host\":\"a.test\"}").status())
            .as("writes need the database").isEqualTo(500);

        pg.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(node.get("/missed/x").statusCode()).as("caught up with the database").isEqualTo(200);
          AdminClient.Resp s = node.admin.get("/status");
          assertThat(s.json().at("/configuration/source").asText()).isEqualTo("database");
          assertThat(s.json().at("/database/reachable").asBoolean()).isTrue();
        });
        assertThat(node.get("/kept/x").statusCode()).isEqualTo(200);
        long caughtUp = node.admin.get("/status").json().at("/configuration/active_version").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> savedVersion(a) == caughtUp);
      }
    } finally {
      if (!pg.isRunning()) {
        pg.start();
      }
    }
  }

  @Test
  void a_node_saved_on_an_empty_database_catches_up_once_it_answers() throws Exception {
    pg.createDatabase("empty_at_start");
    Map<String, String> conf = conf();
    conf.put("pg_database", "empty_at_start");
    Path prefix = dir.resolve("empty");
    try (WholeNode node = new WholeNode(prefix, conf)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> savedVersion(prefix) == 0);
    }
    pg.stop();
    try (WholeNode node = new WholeNode(prefix, conf)) {
      AdminClient.Resp down = node.admin.get("/status");
      assertThat(down.json().at("/configuration/source").asText()).as(down.text()).isEqualTo("last_good_file");
      assertThat(down.json().at("/configuration/active_version").asLong()).isZero();
      pg.start();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        AdminClient.Resp s = node.admin.get("/status");
        assertThat(s.json().at("/database/reachable").asBoolean()).isTrue();
        assertThat(s.json().at("/configuration/source").asText()).as("still version 0, but from the database")
            .isEqualTo("database");
      });
      serviceAndRoute(node, "after-empty");
    } finally {
      if (!pg.isRunning()) {
        pg.start();
      }
    }
  }

  @Test
  void a_damaged_file_is_named_and_not_served() throws Exception {
    Path prefix = dir.resolve("damaged");
    Files.createDirectories(prefix);
    Files.writeString(prefix.resolve("last_good_config"), "gatehouse-last-good 1 00000000000000000012 00\n{\"version\":1");
    Map<String, String> down = new HashMap<>(Map.of("pg_port", Integer.toString(unusedPort())));
    assertThatThrownBy(() -> start(prefix, down))
        .hasMessageContaining("database = postgres: cannot connect")
        .hasMessageContaining("last_good_config is damaged");
  }

  private static Node start(Path prefix, Map<String, String> extra) throws Exception {
    Map<String, String> conf = conf();
    conf.putAll(Map.of("prefix", prefix.toString(), "status_listen", "off", "admin_listen", "127.0.0.1:0",
        "proxy_listen", "127.0.0.1:0"));
    conf.putAll(extra);
    return Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf));
  }

  private static int unusedPort() throws Exception {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
