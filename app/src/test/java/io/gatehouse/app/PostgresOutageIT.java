package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.StatusApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "outages without blind spots": while PostgreSQL is down (a real server, stopped and
 * started by the test) {@code GET /status} answers 200 at once with {@code database.reachable: false}
 * as Kong does, on the status listener and the Admin API alike; {@code /status/ready} keeps its
 * meaning (503 {@code failed to connect to database}, also at once); the proxy keeps serving its
 * snapshot; and both recover when the database returns.
 */
class PostgresOutageIT {
  /** Kong answers /status without waiting for the database; a load balancer's probe times out in ~1-2 s. */
  static final Duration FAST = Duration.ofMillis(1000);

  private static PostgresServer pg;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("kong");
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  @Test
  void status_answers_at_once_while_postgres_is_down_and_recovers() throws Exception {
    Map<String, String> conf = StoreKind.postgres(pg, "kong");
    conf.put("status_listen", "127.0.0.1:0");
    try (WholeNode node = new WholeNode(dir, conf)) {
      AdminClient status = new AdminClient(
          "http://127.0.0.1:" + node.node.component(StatusApi.class).orElseThrow().address().getPort());
      node.serviceAndRoute("outage", "/outage");
      node.awaitStatus(200, "/outage/x");
      await().atMost(Duration.ofSeconds(20)).until(() -> status.get("/status/ready").status() == 200);
      assertThat(status.get("/status").json().at("/database/reachable").asBoolean()).isTrue();

      pg.stop();
      try {
        for (int i = 0; i < 3; i++) { // every poll is fast, not only the first
          for (AdminClient c : new AdminClient[] {status, node.admin}) {
            long t0 = System.nanoTime();
            AdminClient.Resp r = c.get("/status");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().at("/database/reachable").asBoolean()).as(r.text()).isFalse();
            assertThat(r.json().at("/configuration/version").asLong()).as("the last version seen").isPositive();
            assertThat(took).as("GET /status took").isLessThan(FAST);
          }
          long t0 = System.nanoTime();
          AdminClient.Resp ready = status.get("/status/ready");
          assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("GET /status/ready took").isLessThan(FAST);
          assertThat(ready.status()).isEqualTo(503);
          assertThat(ready.message()).isEqualTo("failed to connect to database");
        }
        assertThat(node.get("/outage/x").statusCode()).as("the proxy serves its snapshot").isEqualTo(200);
      } finally {
        pg.start();
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(status.get("/status").json().at("/database/reachable").asBoolean()).isTrue();
        assertThat(status.get("/status/ready").status()).isEqualTo(200);
      });
      node.create("/services", "{\"name\":\"after-outage\",\"host\":\"a.test\"}");
    }
  }
}
