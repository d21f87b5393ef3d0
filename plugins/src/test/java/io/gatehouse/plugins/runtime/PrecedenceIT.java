package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Kong's scope precedence (reference core §7.3) and phase semantics, observed through real plugins:
 * request-termination instances at different scopes answer with different status codes, key-auth
 * identifies the consumer first (1250 before 2).
 */
class PrecedenceIT {

  private static int status(PluginGateway gw, String path) {
    return gw.get(path).statusCode();
  }

  private static String terminate(int status) {
    return "{\"status_code\":" + status + ",\"message\":\"s" + status + "\"}";
  }

  @Test
  void most_specific_scope_wins() {
    try (PluginGateway gw = new PluginGateway()) {
      ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":9}");
      ObjectNode routeA = gw.insert("routes", "{\"paths\":[\"/a\"]," + ref("service", svc) + "}");
      ObjectNode routeB = gw.insert("routes", "{\"paths\":[\"/b\"]," + ref("service", svc) + "}");
      ObjectNode routeC = gw.insert("routes", "{\"paths\":[\"/c\"]," + ref("service", svc) + "}");
      ObjectNode other = gw.insert("routes", "{\"paths\":[\"/other\"]}");
      gw.plugin("request-termination", terminate(418), "");                                   // 8 global
      gw.plugin("request-termination", terminate(421), ref("service", svc));                  // 7 service
      gw.plugin("request-termination", terminate(422), ref("route", routeB));                 // 6 route
      gw.plugin("request-termination", terminate(423), ref("route", routeC) + "," + ref("service", svc)); // 4
      gw.apply();
      assertThat(status(gw, "/a")).isEqualTo(421);
      assertThat(status(gw, "/b")).isEqualTo(422);
      assertThat(status(gw, "/c")).isEqualTo(423);
      assertThat(status(gw, "/other")).isEqualTo(418);
      HttpResponse<String> noRoute = gw.get("/nowhere");
      assertThat(noRoute.statusCode()).as("no route: access does not run").isEqualTo(404);
    }
  }

  @Test
  void consumer_scoped_configs_apply_after_the_authenticating_plugin() {
    try (PluginGateway gw = new PluginGateway()) {
      ObjectNode alice = gw.consumer("alice");
      ObjectNode bob = gw.consumer("bob");
      gw.insert("keyauth_credentials", "{\"key\":\"a\"," + ref("consumer", alice) + "}");
      gw.insert("keyauth_credentials", "{\"key\":\"b\"," + ref("consumer", bob) + "}");
      ObjectNode route = gw.serviceAndRoute("/p");
      ObjectNode route2 = gw.serviceAndRoute("/q");
      gw.plugin("key-auth", "{}", "");
      gw.plugin("request-termination", terminate(410), ref("consumer", alice));                          // 5 consumer
      gw.plugin("request-termination", terminate(412), ref("route", route2));                             // 6 route
      gw.plugin("request-termination", terminate(409), ref("route", route2) + "," + ref("consumer", bob)); // 2 route+consumer
      gw.apply();
      assertThat(status(gw, "/p?apikey=a")).isEqualTo(410);
      assertThat(status(gw, "/p?apikey=b")).isEqualTo(200);
      assertThat(status(gw, "/p")).as("no consumer yet: key-auth answers").isEqualTo(401);
      assertThat(status(gw, "/q?apikey=a")).as("consumer alone beats route").isEqualTo(410);
      assertThat(status(gw, "/q?apikey=b")).isEqualTo(409);
      HttpResponse<String> r = gw.get("/q?apikey=b");
      assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("s409");
    }
  }

  @Test
  void route_and_service_beats_consumer_alone() {
    try (PluginGateway gw = new PluginGateway()) {
      ObjectNode alice = gw.consumer("alice");
      gw.insert("keyauth_credentials", "{\"key\":\"a\"," + ref("consumer", alice) + "}");
      ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":9}");
      ObjectNode route = gw.insert("routes", "{\"paths\":[\"/rs\"]," + ref("service", svc) + "}");
      gw.plugin("key-auth", "{}", "");
      gw.plugin("request-termination", terminate(410), ref("consumer", alice));
      gw.plugin("request-termination", terminate(423), ref("route", route) + "," + ref("service", svc));
      gw.apply();
      assertThat(status(gw, "/rs?apikey=a")).isEqualTo(423);
    }
  }

  @Test
  void consumer_alone_beats_service_and_route_when_the_request_lacks_the_other_id() {
    try (PluginGateway gw = new PluginGateway()) {
      ObjectNode alice = gw.consumer("alice");
      ObjectNode bob = gw.consumer("bob");
      gw.insert("keyauth_credentials", "{\"key\":\"a\"," + ref("consumer", alice) + "}");
      gw.insert("keyauth_credentials", "{\"key\":\"b\"," + ref("consumer", bob) + "}");
      ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":9}");
      gw.insert("routes", "{\"paths\":[\"/plain\"]," + ref("service", svc) + "}");
      ObjectNode scoped = gw.insert("routes", "{\"paths\":[\"/scoped\"]," + ref("service", svc) + "}");
      ObjectNode serviceless = gw.insert("routes", "{\"paths\":[\"/alone\"]}");
      gw.plugin("key-auth", "{}", "");
      gw.plugin("request-termination", terminate(410), ref("consumer", alice));                          // 5
      gw.plugin("request-termination", terminate(421), ref("service", svc));                             // 7
      gw.plugin("request-termination", terminate(422), ref("route", scoped));                            // 6
      gw.plugin("request-termination", terminate(424), ref("route", serviceless));                       // 6
      gw.plugin("request-termination", terminate(409), ref("service", svc) + "," + ref("consumer", bob)); // 3
      gw.apply();
      assertThat(status(gw, "/plain?apikey=a")).as("consumer (5) beats service (7)").isEqualTo(410);
      assertThat(status(gw, "/alone?apikey=a")).as("no service: route+service is no level, consumer (5) beats route (6)")
          .isEqualTo(410);
      assertThat(status(gw, "/scoped?apikey=a")).as("consumer (5) beats route (6)").isEqualTo(410);
      assertThat(status(gw, "/scoped?apikey=b")).as("service+consumer (3) beats route (6)").isEqualTo(409);
      assertThat(status(gw, "/plain?apikey=b")).isEqualTo(409);
      assertThat(status(gw, "/alone?apikey=b")).as("bob has nothing here: the route's").isEqualTo(424);
    }
  }

  @Test
  void disabled_instances_do_not_shadow_broader_ones() {
    try (PluginGateway gw = new PluginGateway()) {
      ObjectNode route = gw.serviceAndRoute("/d");
      gw.plugin("request-termination", terminate(418), "");
      gw.insert("plugins", "{\"name\":\"request-termination\",\"enabled\":false,\"config\":{}," + ref("route", route) + "}");
      gw.apply();
      assertThat(status(gw, "/d")).isEqualTo(418);
    }
  }
}
