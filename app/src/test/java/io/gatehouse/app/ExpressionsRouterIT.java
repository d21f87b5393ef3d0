package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.testing.AdminClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole node with {@code router_flavor = expressions}: expression routes written through the Admin
 * API route real proxy traffic by path, method, header, host, regex, CIDR and query, in priority
 * order and ahead of traditional routes; a bad expression is a 400 schema violation.
 */
class ExpressionsRouterIT {
  @TempDir Path dir;

  /** A route whose request-termination plugin answers 200 with the route's name. */
  private static void route(WholeNode node, String name, String expression, int priority) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("name", name).put("expression", expression).put("priority", priority);
    node.create("/services/svc/routes", body.toString());
    node.create("/routes/" + name + "/plugins",
        "{\"name\":\"request-termination\",\"config\":{\"status_code\":200,\"message\":\"" + name + "\"}}");
  }

  private static String routed(WholeNode node, String method, String path, String... headers) {
    HttpResponse<String> r = node.send(method, path, headers);
    if (r.statusCode() == 404) return "404";
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().replaceAll("(?s).*\"message\"\\s*:\\s*\"([^\"]*)\".*", "$1");
  }

  /** By raw HTTP/1.1: java.net.http will not send a Host header of the test's choosing. */
  private static String routedByHost(WholeNode node, String host) throws Exception {
    int port = node.node.component(io.gatehouse.proxy.ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    try (RawHttp raw = new RawHttp(new java.net.Socket("127.0.0.1", port))) {
      RawHttp.Response r = raw.get("/anything", host);
      if (r.status() == 404) return "404";
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return r.body().replaceAll("(?s).*\"message\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    }
  }

  @Test
  void expression_routes_match_in_priority_order() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("router_flavor", "expressions"))) {
      node.create("/services", "{\"name\":\"svc\",\"url\":\"" + node.upstream.url("/") + "\"}");
      route(node, "prefix", "http.path ^= \"/api\"", 0);
      route(node, "v2", "http.path ^= \"/api/v2\"", 10);
      route(node, "v2x", "http.path ^= \"/api/v2/x\"", 5);
      route(node, "post", "http.path == \"/m\" && http.method == \"POST\"", 0);
      route(node, "blue", "http.path == \"/h\" && lower(http.headers.x_team) == \"blue\"", 0);
      route(node, "host", "http.host == \"a.example.test\" || http.host =^ \".b.test\"", 0);
      route(node, "regex", "http.path ~ r#\"^/items/\\d+$\"#", 0);
      route(node, "local", "http.path == \"/ip\" && net.src.ip in 127.0.0.0/8", 0);
      route(node, "remote", "http.path == \"/ipx\" && net.src.ip not in 127.0.0.0/8", 0);
      route(node, "ornot", "(http.path == \"/a\" || http.path == \"/b\") && !(http.method == \"DELETE\")", 0);
      route(node, "query", "http.path == \"/q\" && http.queries.mode == \"x\"", 0);
      // a traditional route on the same node: Kong ranks every expression route above it
      node.create("/services/svc/routes", "{\"name\":\"trad-v2\",\"paths\":[\"/api/v2\"]}");
      node.create("/routes/trad-v2/plugins",
          "{\"name\":\"request-termination\",\"config\":{\"status_code\":200,\"message\":\"trad-v2\"}}");
      node.create("/services/svc/routes", "{\"name\":\"trad\",\"paths\":[\"/trad\"]}");
      node.create("/routes/trad/plugins",
          "{\"name\":\"request-termination\",\"config\":{\"status_code\":200,\"message\":\"trad\"}}");
      // strip_path removes what the http.path prefix matched
      node.create("/services/svc/routes", "{\"name\":\"echo\",\"expression\":\"http.path ^= \\\"/echo\\\"\"}");

      node.awaitStatus(200, "/trad");
      assertThat(routed(node, "GET", "/api/x")).isEqualTo("prefix");
      assertThat(routed(node, "GET", "/api/v2/x/y")).as("priority beats the longer prefix").isEqualTo("v2");
      assertThat(routed(node, "GET", "/api/v2")).as("expression routes beat traditional ones").isEqualTo("v2");
      assertThat(routed(node, "POST", "/m")).isEqualTo("post");
      assertThat(routed(node, "GET", "/m")).isEqualTo("404");
      assertThat(routed(node, "GET", "/h", "X-Team", "BLUE")).isEqualTo("blue");
      assertThat(routed(node, "GET", "/h", "X-Team", "red")).isEqualTo("404");
      assertThat(routedByHost(node, "a.example.test")).isEqualTo("host");
      assertThat(routedByHost(node, "www.b.test:8000")).isEqualTo("host");
      assertThat(routedByHost(node, "c.test")).isEqualTo("404");
      assertThat(routed(node, "GET", "/items/42")).isEqualTo("regex");
      assertThat(routed(node, "GET", "/items/42a")).isEqualTo("404");
      assertThat(routed(node, "GET", "/ip")).isEqualTo("local");
      assertThat(routed(node, "GET", "/ipx")).isEqualTo("404");
      assertThat(routed(node, "GET", "/a")).isEqualTo("ornot");
      assertThat(routed(node, "PUT", "/b")).isEqualTo("ornot");
      assertThat(routed(node, "DELETE", "/b")).isEqualTo("404");
      assertThat(routed(node, "GET", "/q?mode=x")).isEqualTo("query");
      assertThat(routed(node, "GET", "/q?mode=y")).isEqualTo("404");
      assertThat(routed(node, "GET", "/trad/1")).isEqualTo("trad");
      HttpResponse<String> echoed = node.get("/echo/rest?k=v");
      assertThat(echoed.statusCode()).isEqualTo(200);
      assertThat(echoed.body()).contains("\"uri\":\"/rest?k=v\"");
    }
  }

  @Test
  void the_admin_api_refuses_bad_expressions_in_kongs_shape() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("router_flavor", "expressions"))) {
      AdminClient.Resp bad = node.admin.post("/routes", "{\"expression\":\"http.path = \\\"/x\\\"\"}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("name").asText()).isEqualTo("schema violation");
      assertThat(bad.json().path("fields").path("@entity").get(0).asText())
          .startsWith("Router Expression failed validation: syntax error at position 11");
      AdminClient.Resp both = node.admin.post("/routes", "{\"expression\":\"http.path == \\\"/x\\\"\",\"paths\":[\"/x\"]}");
      assertThat(both.status()).isEqualTo(400);
      assertThat(both.message()).contains("cannot set 'expression' with");
      assertThat(node.admin.get("/routes").json().path("data").size()).as("nothing was stored").isZero();

      // the cross-workspace collision probes cannot enumerate an expression's requests: not applied
      node.create("/routes", "{\"paths\":[\"/\"]}");
      node.create("/workspaces", "{\"name\":\"team-x\"}");
      node.create("/team-x/routes", "{\"expression\":\"http.path ^= \\\"/x\\\"\"}");
      assertThat(node.admin.post("/team-x/routes", "{\"paths\":[\"/y\"]}").status())
          .as("a traditional route still gets the check").isEqualTo(409);
    }
  }

  @Test
  void a_db_less_node_loads_expression_routes_from_declarative_config() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("router_flavor", "expressions", "database", "off"))) {
      ObjectNode route = JsonNodeFactory.instance.objectNode()
          .put("name", "decl").put("expression", "http.path ^= \"/decl\" && http.method == \"GET\"").put("priority", 3);
      ObjectNode service = JsonNodeFactory.instance.objectNode().put("name", "s").put("url", node.upstream.url("/"));
      service.putArray("routes").add(route);
      ObjectNode config = JsonNodeFactory.instance.objectNode().put("_format_version", "3.0");
      config.putArray("services").add(service);
      AdminClient.Resp posted = node.admin.post("/config", config.toString());
      assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
      assertThat(node.awaitStatus(200, "/decl/x").body()).contains("\"uri\":\"/x\"");
      assertThat(node.send("POST", "/decl/x").statusCode()).isEqualTo(404);
      assertThat(node.admin.get("/routes/decl").json().path("priority").asLong()).isEqualTo(3);
    }
  }

  @Test
  void other_flavors_do_not_know_expression_fields() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      AdminClient.Resp r = node.admin.post("/routes", "{\"expression\":\"http.path == \\\"/x\\\"\",\"priority\":1}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.message()).contains("expression: unknown field").contains("priority: unknown field");
    }
  }
}
