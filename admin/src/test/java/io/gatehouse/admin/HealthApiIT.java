package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.TestAdmin;
import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.control.SnapshotFeed;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /upstreams/{u}/health} and the health overrides against a live proxy (Kong §2.7). */
class HealthApiIT {
  private ConfigStore store;
  private ProxyServer proxy;
  private SnapshotFeed feed;
  private AdminApi admin;
  private EchoUpstream origin;
  private AdminClient client;

  @BeforeEach
  void start() throws Exception {
    Path dir = Files.createTempDirectory("gatehouse-health-test");
    store = SqliteConfigStore.open(dir.resolve("gatehouse.db"));
    var registry = CoreEntities.registry(TestAdmin.testPlugins());
    proxy = ProxyServer.start(ProxyOptions.builder().listen("127.0.0.1", 0).workerThreads(1).build());
    feed = new SnapshotFeed(store, proxy::apply);
    NodeInfo node = new NodeInfo("00000000-0000-4000-8000-000000000002", "test-host", Json.object(),
        feed::appliedVersion, feed::lastError, () -> ServerCounters.ZERO);
    // RBAC off, but its tables give the node workspaces (/{workspace}/upstreams/{u}/health)
    var rbac = io.gatehouse.admin.rbac.Rbac.create(io.gatehouse.admin.rbac.EnforceMode.OFF, "Kong-Admin-Token",
        SqliteConfigStore.rbac(dir.resolve("gatehouse.db")), java.time.Clock.systemUTC());
    admin = AdminApi.builder(store, registry, node).listen("127.0.0.1", 0).health(proxy.health()).rbac(rbac).start();
    feed.start();
    origin = EchoUpstream.start();
    client = new AdminClient("http://127.0.0.1:" + admin.address().getPort());
  }

  @AfterEach
  void stop() {
    admin.close();
    feed.close();
    proxy.close();
    store.close();
    origin.close();
  }

  private void awaitApplied() {
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.health().upstream("api.upstream") != null
        && proxy.activeVersion() == feed.appliedVersion() && feed.lastError() == null
        && !proxy.health().upstream("api.upstream").targets().isEmpty());
  }

  @Test
  void healthReflectsOverridesAtOnceInKongsShape() {
    assertThat(client.post("/upstreams", """
        {"name":"api.upstream","healthchecks":{"passive":{"unhealthy":{"tcp_failures":2}}}}""").status())
        .isEqualTo(201);
    String target = "127.0.0.1:" + origin.port();
    assertThat(client.post("/upstreams/api.upstream/targets", "{\"target\":\"" + target + "\"}").status())
        .isEqualTo(201);
    awaitApplied();

    AdminClient.Resp health = client.get("/upstreams/api.upstream/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("node_id").asText()).isEqualTo("00000000-0000-4000-8000-000000000002");
    assertThat(health.json().get("next").isNull()).isTrue();
    var t = health.json().get("data").get(0);
    assertThat(t.get("target").asText()).isEqualTo(target);
    assertThat(t.get("health").asText()).isEqualTo("HEALTHY");
    assertThat(t.at("/data/weight/total").asInt()).isEqualTo(100);
    assertThat(t.at("/data/addresses/0/ip").asText()).isEqualTo("127.0.0.1");
    assertThat(t.at("/data/addresses/0/health").asText()).isEqualTo("HEALTHY");
    assertThat(t.has("created_at")).isTrue();

    assertThat(client.json("PUT", "/upstreams/api.upstream/targets/" + target + "/unhealthy", "{}").status())
        .isEqualTo(204);
    t = client.get("/upstreams/api.upstream/health").json().get("data").get(0);
    assertThat(t.get("health").asText()).isEqualTo("UNHEALTHY");
    assertThat(t.at("/data/weight/available").asInt()).isZero();
    var balancer = client.get("/upstreams/api.upstream/health?balancer_health=1").json().get("data");
    assertThat(balancer.get("balancer_health").asText()).isEqualTo("UNHEALTHY");
    assertThat(balancer.at("/details/healthy").asBoolean()).isFalse();

    assertThat(client.json("PUT", "/upstreams/api.upstream/targets/" + target + "/" + target + "/healthy", "{}")
        .status()).isEqualTo(204);
    assertThat(client.get("/upstreams/api.upstream/health").json().at("/data/0/health").asText()).isEqualTo("HEALTHY");
    assertThat(client.get("/upstreams/api.upstream/health?balancer_health=1").json().at("/data/balancer_health")
        .asText()).isEqualTo("HEALTHY");
  }

  @Test
  void overrideWithoutHealthChecksIs400AndUnknownUpstreamIs404() {
    client.post("/upstreams", "{\"name\":\"api.upstream\"}");
    String target = "127.0.0.1:" + origin.port();
    client.post("/upstreams/api.upstream/targets", "{\"target\":\"" + target + "\"}");
    awaitApplied();
    AdminClient.Resp r = client.json("PUT", "/upstreams/api.upstream/targets/" + target + "/unhealthy", "{}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("no healthchecker found for api.upstream");
    assertThat(client.get("/upstreams/api.upstream/health").json().at("/data/0/health").asText())
        .isEqualTo("HEALTHCHECKS_OFF");
    assertThat(client.get("/upstreams/nope/health").status()).isEqualTo(404);
  }

  /** Kong Enterprise serves health per workspace: {@code /{ws}/upstreams/{u}/health} finds the upstream there only. */
  @Test
  void healthIsServedPerWorkspace() {
    assertThat(client.post("/workspaces", "{\"name\":\"team-h\"}").status()).isEqualTo(201);
    assertThat(client.post("/team-h/upstreams", """
        {"name":"ws.upstream","healthchecks":{"passive":{"unhealthy":{"tcp_failures":2}}}}""").status()).isEqualTo(201);
    String target = "127.0.0.1:" + origin.port();
    assertThat(client.post("/team-h/upstreams/ws.upstream/targets", "{\"target\":\"" + target + "\"}").status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.health().upstream("ws.upstream") != null
        && !proxy.health().upstream("ws.upstream").targets().isEmpty());

    AdminClient.Resp health = client.get("/team-h/upstreams/ws.upstream/health");
    assertThat(health.status()).as(health.toString()).isEqualTo(200);
    var t = health.json().get("data").get(0);
    assertThat(t.get("target").asText()).isEqualTo(target);
    assertThat(t.get("health").asText()).isEqualTo("HEALTHY");
    assertThat(t.has("ws_id")).as("Kong hides ws_id").isFalse();
    // not the default workspace's upstream, and not found from the default workspace
    assertThat(client.get("/upstreams/ws.upstream/health").status()).isEqualTo(404);
    assertThat(client.json("PUT", "/upstreams/ws.upstream/targets/" + target + "/unhealthy", "").status()).isEqualTo(404);

    assertThat(client.json("PUT", "/team-h/upstreams/ws.upstream/targets/" + target + "/unhealthy", "").status())
        .isEqualTo(204);
    assertThat(client.get("/team-h/upstreams/ws.upstream/health").json().at("/data/0/health").asText()).isEqualTo("UNHEALTHY");
  }
}
