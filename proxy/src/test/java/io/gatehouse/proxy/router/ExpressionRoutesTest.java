package io.gatehouse.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.model.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Matching semantics of expression routes (Kong's atc router and kong/router/fields.lua). */
class ExpressionRoutesTest {
  static Route route(String id, String name, String expression, long priority, String... protocols) {
    return new Route(id, name, protocols.length == 0 ? List.of("http", "https") : List.of(protocols), List.of(),
        List.of(), List.of(), Map.of(), List.of(), 426, 0, true, false, true, true, "v0", null, 0, List.of(),
        EntityWorkspace.DEFAULT_ID, expression, priority);
  }

  /** A request with a query string and a destination port (TestRequest has neither). */
  static RequestAttributes withQuery(String query, int port) {
    TestRequest t = TestRequest.of("GET", "h", "/");
    return new RequestAttributes() {
      public String method() { return t.method(); }
      public String host() { return t.host(); }
      public int port() { return port; }
      public String path() { return t.path(); }
      public List<String> headerValues(String name) { return List.of(); }
      public String sni() { return null; }
      @Override public String query() { return query; }
      @Override public java.net.InetSocketAddress localAddress() { return new java.net.InetSocketAddress("127.0.0.1", port); }
    };
  }

  static String match(List<Route> routes, RequestAttributes req) {
    RouteMatch m = Router.compile(routes, Set.of()).match(req);
    return m == null ? null : m.route().name();
  }

  static TestRequest get(String path, Map<String, List<String>> headers) {
    return TestRequest.of("GET", "example.test", path, headers);
  }

  @Test
  void path_segments_by_index_range_and_length() {
    List<Route> routes = List.of(
        route("00000000-0000-0000-0000-000000000001", "first", "http.path.segments.0 == \"users\" && http.path.segments.len == 3", 0),
        route("00000000-0000-0000-0000-000000000002", "range", "http.path.segments.1_2 == \"b/c\"", 0));
    assertThat(match(routes, get("/users/1/x", Map.of()))).isEqualTo("first");
    assertThat(match(routes, get("/users/1", Map.of()))).isNull();
    assertThat(match(routes, get("/a/b/c", Map.of()))).isEqualTo("range");
    assertThat(match(routes, get("/a/b/c/d", Map.of()))).isEqualTo("range");
    assertThat(match(routes, get("/a/b/x/c", Map.of()))).as("segments 1 and 2 joined by '/'").isNull();
    assertThat(match(routes, get("/a/b", Map.of()))).as("no segment 2").isNull();
  }

  @Test
  void repeated_headers_must_all_match_unless_any() {
    List<Route> all = List.of(route("00000000-0000-0000-0000-000000000001", "all", "http.headers.x_v ^= \"a\"", 0));
    List<Route> any = List.of(route("00000000-0000-0000-0000-000000000001", "any", "any(http.headers.x_v) == \"b\"", 0));
    assertThat(match(all, get("/", Map.of("x-v", List.of("a1", "a2"))))).isEqualTo("all");
    assertThat(match(all, get("/", Map.of("x-v", List.of("a1", "b2"))))).isNull();
    assertThat(match(all, get("/", Map.of()))).as("a missing field fails the predicate").isNull();
    assertThat(match(any, get("/", Map.of("x-v", List.of("a", "b"))))).isEqualTo("any");
  }

  @Test
  void missing_fields_fail_even_negative_predicates() {
    List<Route> routes = List.of(route("00000000-0000-0000-0000-000000000001", "ne", "http.headers.x_a != \"z\"", 0));
    assertThat(match(routes, get("/", Map.of()))).isNull();
    assertThat(match(routes, get("/", Map.of("x-a", List.of("y"))))).isEqualTo("ne");
  }

  @Test
  void equal_priorities_go_to_the_larger_route_id() {
    List<Route> routes = List.of(
        route("00000000-0000-0000-0000-00000000000a", "a", "http.path ^= \"/\"", 3),
        route("00000000-0000-0000-0000-00000000000b", "b", "http.path ^= \"/\"", 3),
        route("00000000-0000-0000-0000-00000000000c", "c", "http.path ^= \"/\"", 2));
    assertThat(match(routes, get("/x", Map.of()))).isEqualTo("b");
  }

  @Test
  void protocols_gate_the_scheme_but_an_https_only_route_sees_plain_http() {
    List<Route> httpsOnly = List.of(route("00000000-0000-0000-0000-000000000001", "s", "http.path == \"/\"", 0, "https"));
    List<Route> grpcs = List.of(route("00000000-0000-0000-0000-000000000001", "g", "http.path == \"/\"", 0, "grpcs"));
    assertThat(match(httpsOnly, get("/", Map.of()))).as("so that Kong can answer 426").isEqualTo("s");
    assertThat(match(grpcs, get("/", Map.of()))).isNull();
  }

  @Test
  void tls_fields_and_the_scheme() {
    List<Route> routes = List.of(
        route("00000000-0000-0000-0000-000000000002", "sni", "tls.sni =^ \".secure.test\" && net.protocol == \"https\"", 1),
        route("00000000-0000-0000-0000-000000000001", "plain", "net.protocol == \"http\"", 0));
    TestRequest tls = new TestRequest("GET", "a.secure.test", 8443, "/", Map.of(), "a.secure.test");
    TestRequest otherSni = new TestRequest("GET", "x.test", 8443, "/", Map.of(), "x.test");
    assertThat(match(routes, tls)).isEqualTo("sni");
    assertThat(match(routes, otherSni)).as("https, but neither route").isNull();
    assertThat(match(routes, get("/", Map.of()))).isEqualTo("plain");
  }

  @Test
  void ports_and_queries() {
    List<Route> routes = List.of(route("00000000-0000-0000-0000-000000000001", "q",
        "net.dst.port >= 8000 && net.dst.port < 8100 && any(http.queries.tag) == \"a b\"", 0));
    assertThat(match(routes, withQuery("tag=x&tag=a%20b", 8000))).isEqualTo("q");
    assertThat(match(routes, withQuery("tag=x", 8000))).isNull();
    assertThat(match(routes, withQuery("tag=a+b", 9000))).as("port out of range").isNull();
    assertThat(match(routes, withQuery("tag=a+b", 8099))).isEqualTo("q");
  }

  @Test
  void regex_captures_and_the_stripped_prefix() {
    Router router = Router.compile(List.of(
        route("00000000-0000-0000-0000-000000000001", "re", "http.path ~ r#\"^/items/(?<id>\\d+)\"#", 0),
        route("00000000-0000-0000-0000-000000000002", "pre", "http.path ^= \"/p\" && http.method == \"GET\"", 0)), Set.of());
    RouteMatch m = router.match(get("/items/42/x", Map.of()));
    assertThat(m.matchedPrefix()).isEqualTo("/items/42");
    assertThat(m.uriCaptures()).containsExactly("/items/42", "42");
    assertThat(m.namedCaptures()).containsEntry("id", "42");
    assertThat(router.match(get("/p/rest", Map.of())).matchedPrefix()).isEqualTo("/p");
  }

  @Test
  void a_stored_route_with_a_bad_expression_does_not_compile() {
    assertThatThrownBy(() -> Router.compile(List.of(route("00000000-0000-0000-0000-000000000001", "bad", "http.path =", 0)), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
  }
}
