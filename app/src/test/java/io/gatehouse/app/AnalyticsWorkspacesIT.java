package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 per workspace: a call is recorded in its route's workspace, and {@code /{ws}/analytics/…}
 * answers with that workspace's calls and aggregates only (the unprefixed paths: the default
 * workspace's). With {@code enforce_rbac = on}, a team's token reads its own workspace's call log and
 * gets 403 on another's.
 */
class AnalyticsWorkspacesIT {
  static final String ADMIN_TOKEN = "bootstrap-an-token-1";
  static final String HEADER = "X-Admin-Token";
  @TempDir Path prefix;

  @Test
  void each_workspace_reads_only_its_own_calls() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "on", "enforce_rbac", "on", "password", ADMIN_TOKEN,
        "admin_gui_auth_header", HEADER))) {
      AdminClient admin = gw.admin.withHeader(HEADER, ADMIN_TOKEN);
      ManagerWorkspacesUiIT.team(admin, "team-a", "alice");
      ManagerWorkspacesUiIT.team(admin, "team-b", "bob");
      String teamA = admin.get("/workspaces/team-a").json().path("id").asText();
      // the same service and route name in both teams: filters by name stay inside the workspace
      String routeA = serviceAndRoute(gw, admin, "/team-a", "shop", "/a-shop");
      String routeB = serviceAndRoute(gw, admin, "/team-b", "shop", "/b-shop");
      serviceAndRoute(gw, admin, "", "home", "/home");

      // calls that matched a route belong to its workspace (a 404 while the router catches up: to default)
      List<String> a = new ArrayList<>(List.of(id(gw.awaitStatus(200, "/a-shop")), id(gw.get("/a-shop/x"))));
      HttpResponse<String> failed = gw.get("/a-shop/status/503");
      assertThat(failed.statusCode()).isEqualTo(503);
      a.add(id(failed));
      List<String> b = List.of(id(gw.awaitStatus(200, "/b-shop")), id(gw.get("/b-shop/y")));
      String home = id(gw.awaitStatus(200, "/home"));
      await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/analytics/calls/" + home).status() == 200);

      // lists
      JsonNode listA = ok(admin.get("/team-a/analytics/calls")).path("data");
      assertThat(ids(listA)).containsExactlyInAnyOrderElementsOf(a);
      listA.forEach(c -> {
        assertThat(c.path("workspace").asText()).isEqualTo(teamA);
        assertThat(c.path("workspace_name").asText()).isEqualTo("team-a");
        assertThat(c.path("route").path("id").asText()).isEqualTo(routeA);
      });
      assertThat(ids(ok(admin.get("/team-b/analytics/calls")).path("data"))).containsExactlyInAnyOrderElementsOf(b);
      List<String> defaults = ids(ok(admin.get("/analytics/calls")).path("data"));
      assertThat(defaults).contains(home).doesNotContainAnyElementsOf(a).doesNotContainAnyElementsOf(b);
      assertThat(ids(ok(admin.get("/default/analytics/calls")).path("data"))).isEqualTo(defaults);
      assertThat(ids(ok(admin.get("/team-a/analytics/calls?route=shop")).path("data"))).containsExactlyInAnyOrderElementsOf(a);
      assertThat(ok(admin.get("/analytics/calls?route=shop")).path("data")).isEmpty();

      // paging keeps the prefix
      JsonNode first = ok(admin.get("/team-a/analytics/calls?size=2"));
      String next = first.path("next").asText();
      assertThat(next).startsWith("/team-a/analytics/calls?offset=");
      assertThat(ok(admin.get(next)).path("data")).hasSize(1);

      // one call: only in its own workspace; elsewhere as unknown as a call that does not exist
      Resp detail = admin.get("/team-a/analytics/calls/" + a.getFirst());
      assertThat(detail.status()).isEqualTo(200);
      assertThat(detail.json().path("workspace_name").asText()).isEqualTo("team-a");
      assertThat(admin.get("/team-b/analytics/calls/" + a.getFirst()).status()).isEqualTo(404);
      assertThat(admin.get("/analytics/calls/" + a.getFirst()).status()).isEqualTo(404);
      assertThat(admin.get("/team-a/analytics/calls/" + home).status()).isEqualTo(404);

      // aggregates
      JsonNode aggA = ok(admin.get("/team-a/analytics/aggregates?group_by=route")).path("data");
      assertThat(aggA).hasSize(1);
      assertThat(aggA.get(0).path("route").path("id").asText()).isEqualTo(routeA);
      assertThat(aggA.get(0).path("requests").asLong()).isEqualTo(3);
      assertThat(aggA.get(0).path("server_errors").asLong()).isEqualTo(1);
      JsonNode totalB = ok(admin.get("/team-b/analytics/aggregates")).path("data");
      assertThat(totalB.get(0).path("requests").asLong()).isEqualTo(2);
      assertThat(totalB.get(0).path("errors").asLong()).isZero();
      JsonNode aggDefault = ok(admin.get("/analytics/aggregates?group_by=route")).path("data");
      assertThat(aggDefault.findValuesAsText("id")).doesNotContain(routeA, routeB);
      assertThat(ok(admin.get("/analytics/aggregates")).path("data").get(0).path("requests").asLong())
          .isEqualTo(defaults.size());

      // RBAC: team A's token reads team-a's call log, not team-b's nor the default workspace's
      AdminClient alice = gw.admin.withHeader(HEADER, "alice-token-1");
      assertThat(ids(ok(alice.get("/team-a/analytics/calls")).path("data"))).containsExactlyInAnyOrderElementsOf(a);
      assertThat(ok(alice.get("/team-a/analytics/aggregates")).path("data").get(0).path("requests").asLong()).isEqualTo(3);
      assertThat(alice.get("/team-b/analytics/calls").status()).isEqualTo(403);
      assertThat(alice.get("/team-b/analytics/calls/" + b.getFirst()).status()).isEqualTo(403);
      assertThat(alice.get("/team-b/analytics/aggregates").status()).isEqualTo(403);
      assertThat(alice.get("/analytics/calls").status()).isEqualTo(403);
      assertThat(admin.get("/no-such-team/analytics/calls").status()).isEqualTo(404);
    }
  }

  /** A service on the echo upstream with a route of the same name on {@code path}, in a workspace; the route's id. */
  private static String serviceAndRoute(WholeNode gw, AdminClient admin, String ws, String name, String path) {
    Resp s = admin.post(ws + "/services", "{\"name\":\"" + name + "\",\"url\":\"" + gw.upstream.url("/") + "\"}");
    assertThat(s.status()).as(s.text()).isEqualTo(201);
    Resp r = admin.post(ws + "/services/" + name + "/routes", "{\"name\":\"" + name + "\",\"paths\":[\"" + path + "\"]}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static String id(HttpResponse<String> r) {
    return r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
  }

  private static JsonNode ok(Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  private static List<String> ids(JsonNode calls) {
    List<String> out = new ArrayList<>();
    calls.forEach(c -> out.add(c.path("request").path("id").asText()));
    Set<String> distinct = new HashSet<>(out);
    assertThat(distinct).hasSameSizeAs(out);
    return out;
  }
}
