package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspaces on a whole node: one proxy serves the routes of every workspace, a route that would
 * take another workspace's traffic is refused (Kong Enterprise's route collision check), and a
 * global plugin applies only to the routes of its own workspace.
 */
class WorkspacesProxyIT {
  @TempDir Path dir;

  @Test
  void the_proxy_serves_every_workspace_refuses_colliding_routes_and_scopes_global_plugins() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      assertThat(node.create("/workspaces", "{\"name\":\"team-a\"}").status()).isEqualTo(201);
      String upstream = node.upstream.url("/");
      node.create("/services", "{\"name\":\"billing\",\"url\":\"" + upstream + "\"}");
      node.create("/services/billing/routes", "{\"name\":\"billing\",\"paths\":[\"/billing\"]}");
      node.create("/team-a/services", "{\"name\":\"billing\",\"url\":\"" + upstream + "\"}");
      node.create("/team-a/services/billing/routes", "{\"name\":\"billing\",\"paths\":[\"/team-a\"]}");
      node.create("/team-a/services/billing/routes", "{\"name\":\"hosted\",\"hosts\":[\"a.test\"],\"paths\":[\"/hosted\"]}");

      // one router for all workspaces
      assertThat(node.awaitStatus(200, "/billing").statusCode()).isEqualTo(200);
      assertThat(node.awaitStatus(200, "/team-a").statusCode()).isEqualTo(200);

      // a route of team-a that would take the default workspace's /billing traffic: 409
      AdminClient.Resp clash = node.admin.post("/team-a/routes", "{\"paths\":[\"/billing\"]}");
      assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
      assertThat(clash.message()).isEqualTo("API route collides with an existing API");
      AdminClient.Resp hostedClash = node.admin.post("/team-a/routes",
          "{\"hosts\":[\"b.test\"],\"paths\":[\"/billing/x\"],\"methods\":[\"GET\"]}");
      assertThat(hostedClash.status()).as("the default route has no host: it takes every host").isEqualTo(409);
      // the same paths inside one workspace are Kong's ordinary overlap, not a collision
      assertThat(node.admin.post("/team-a/routes", "{\"paths\":[\"/team-a/deeper\"]}").status()).isEqualTo(201);
      // a default route without a host that a hosted team-a route would otherwise get: refused too
      AdminClient.Resp intoHosted = node.admin.post("/routes", "{\"hosts\":[\"a.test\"],\"paths\":[\"/hosted\"]}");
      assertThat(intoHosted.status()).as(intoHosted.toString()).isEqualTo(409);
      // a route with a host where the other workspace's route has one only when the new one has none
      AdminClient.Resp hostless = node.admin.post("/routes", "{\"paths\":[\"/hosted\"]}");
      assertThat(hostless.status()).as(hostless.toString()).isEqualTo(201);
      // moving a route onto another workspace's paths by PATCH is refused as well
      AdminClient.Resp patched = node.admin.json("PATCH", "/team-a/routes/billing", "{\"paths\":[\"/billing\"]}");
      assertThat(patched.status()).isEqualTo(409);

      // a global plugin of team-a applies to team-a's routes only
      node.create("/team-a/plugins", "{\"name\":\"request-termination\",\"config\":{\"status_code\":418}}");
      assertThat(node.awaitStatus(418, "/team-a").statusCode()).isEqualTo(418);
      assertThat(node.get("/billing").statusCode()).isEqualTo(200);
      assertThat(node.admin.get("/plugins").json().path("data").size()).isZero();
      assertThat(node.admin.get("/team-a/plugins").json().path("data").size()).isEqualTo(1);

      // and one of the default workspace to the default workspace's routes only
      node.create("/plugins", "{\"name\":\"request-termination\",\"config\":{\"status_code\":403}}");
      assertThat(node.awaitStatus(403, "/billing").statusCode()).isEqualTo(403);
      assertThat(node.get("/team-a").statusCode()).isEqualTo(418);
    }
  }

  /** Kong Enterprise's {@code route_validation_strategy = off}: no collision check between workspaces. */
  @Test
  void route_validation_strategy_off_lets_workspaces_overlap() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("route_validation_strategy", "off"))) {
      assertThat(node.create("/workspaces", "{\"name\":\"team-o\"}").status()).isEqualTo(201);
      node.create("/routes", "{\"name\":\"billing\",\"paths\":[\"/billing\"]}");
      AdminClient.Resp overlap = node.admin.post("/team-o/routes", "{\"paths\":[\"/billing\"]}");
      assertThat(overlap.status()).as(overlap.toString()).isEqualTo(201);
    }
    // Kong's path and static strategies are not offered: the node says so at start
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new WholeNode(dir.resolve("path"), Map.of("route_validation_strategy", "path")).close())
        .hasMessageContaining("route_validation_strategy");
  }

  @Test
  void a_key_authenticates_only_on_the_routes_of_its_consumers_workspace() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      node.create("/workspaces", "{\"name\":\"team-k\"}");
      String upstream = node.upstream.url("/");
      for (String prefix : new String[] {"", "/team-k"}) {
        String path = prefix.isEmpty() ? "/kd" : "/kt";
        node.create(prefix + "/services", "{\"name\":\"keyed\",\"url\":\"" + upstream + "\"}");
        node.create(prefix + "/services/keyed/routes", "{\"name\":\"keyed\",\"paths\":[\"" + path + "\"]}");
        node.create(prefix + "/routes/keyed/plugins", "{\"name\":\"key-auth\"}");
        node.create(prefix + "/consumers", "{\"username\":\"alice\"}");
        node.create(prefix + "/consumers/alice/key-auth", "{\"key\":\"" + (prefix.isEmpty() ? "default-key" : "team-key") + "\"}");
        // the same key in both workspaces is allowed: keys are unique per workspace
        node.create(prefix + "/consumers/alice/key-auth", "{\"key\":\"shared-key\"}");
      }
      assertThat(node.awaitStatus(200, "/kd", "apikey", "default-key").statusCode()).isEqualTo(200);
      assertThat(node.awaitStatus(200, "/kt", "apikey", "team-key").statusCode()).isEqualTo(200);
      assertThat(node.get("/kd", "apikey", "team-key").statusCode()).isEqualTo(401);
      assertThat(node.get("/kt", "apikey", "default-key").statusCode()).isEqualTo(401);
      assertThat(node.get("/kd", "apikey", "shared-key").statusCode()).isEqualTo(200);
      assertThat(node.get("/kt", "apikey", "shared-key").statusCode()).isEqualTo(200);
      // the credential seen by the upstream is the workspace's own consumer
      String teamConsumer = node.admin.get("/team-k/consumers/alice").json().path("id").asText();
      assertThat(node.get("/kt", "apikey", "shared-key").body()).contains(teamConsumer);
    }
  }
}
