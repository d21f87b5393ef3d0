package io.gatehouse.proxy.router;

import static io.gatehouse.proxy.testing.Entities.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.Route;
import io.gatehouse.proxy.testing.Entities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kong traditional_compatible matching (reference §4.3) and priorities (§4.4). */
class RouterTest {

  static Route route(String name, Consumer<ObjectNode> c) {
    return Entities.routeRecord(r -> {
      r.put("name", name);
      c.accept(r);
    });
  }

  static Consumer<ObjectNode> paths(String... p) {
    return r -> r.set("paths", strings(p));
  }

  static Consumer<ObjectNode> hosts(String... h) {
    return r -> r.set("hosts", strings(h));
  }

  static Consumer<ObjectNode> methods(String... m) {
    return r -> r.set("methods", strings(m));
  }

  static Consumer<ObjectNode> header(String name, String... values) {
    return r -> {
      ObjectNode h = r.has("headers") ? (ObjectNode) r.get("headers") : Json.object();
      h.set(name, strings(values));
      r.set("headers", h);
    };
  }

  @SafeVarargs
  static Route r(String name, Consumer<ObjectNode>... cs) {
    return route(name, x -> {
      for (Consumer<ObjectNode> c : cs) c.accept(x);
    });
  }

  static String match(Router router, TestRequest req) {
    RouteMatch m = router.match(req);
    return m == null ? null : m.route().name();
  }

  record Case(String description, List<Route> routes, TestRequest request, String expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("prefix matches itself", List.of(r("a", paths("/foo"))), TestRequest.of("GET", "x", "/foo"), "a"),
        new Case("prefix is not segment aware", List.of(r("a", paths("/foo"))), TestRequest.of("GET", "x", "/foobar"), "a"),
        new Case("prefix miss", List.of(r("a", paths("/foo"))), TestRequest.of("GET", "x", "/fo"), null),
        new Case("longest prefix wins",
            List.of(r("short", paths("/a")), r("long", paths("/a/b"))), TestRequest.of("GET", "x", "/a/b/c"), "long"),
        new Case("path normalized before matching",
            List.of(r("a", paths("/foo/bar"))), TestRequest.of("GET", "x", "//foo/./baz/../%62ar"), "a"),
        new Case("reserved encodings stay encoded",
            List.of(r("a", paths("/a/b"))), TestRequest.of("GET", "x", "/a%2Fb"), null),
        new Case("exact host", List.of(r("a", hosts("example.com"))), TestRequest.of("GET", "example.com", "/"), "a"),
        new Case("exact host ignores request port", List.of(r("a", hosts("example.com"))),
            TestRequest.of("GET", "example.com:1234", "/"), "a"),
        new Case("host with port requires port", List.of(r("a", hosts("example.com:8080"))),
            TestRequest.of("GET", "example.com:1234", "/"), null),
        new Case("host with port matches port", List.of(r("a", hosts("example.com:8080"))),
            TestRequest.of("GET", "example.com:8080", "/"), "a"),
        new Case("host port falls back to listening port", List.of(r("a", hosts("example.com:8000"))),
            TestRequest.of("GET", "example.com", "/"), "a"),
        new Case("suffix wildcard any depth", List.of(r("a", hosts("*.example.com"))),
            TestRequest.of("GET", "a.b.example.com", "/"), "a"),
        new Case("suffix wildcard excludes apex", List.of(r("a", hosts("*.example.com"))),
            TestRequest.of("GET", "example.com", "/"), null),
        new Case("prefix wildcard", List.of(r("a", hosts("example.*"))), TestRequest.of("GET", "example.co.uk", "/"), "a"),
        new Case("host case-insensitive", List.of(r("a", hosts("Example.COM"))), TestRequest.of("GET", "EXAMPLE.com", "/"), "a"),
        new Case("plain host beats wildcard",
            List.of(r("wild", hosts("*.example.com")), r("plain", hosts("api.example.com"))),
            TestRequest.of("GET", "api.example.com", "/"), "plain"),
        new Case("method must match", List.of(r("a", methods("POST"), paths("/"))), TestRequest.of("GET", "x", "/"), null),
        new Case("more fields beat longer prefix",
            List.of(r("long", paths("/very/long/prefix")), r("hostpath", hosts("x"), paths("/"))),
            TestRequest.of("GET", "x", "/very/long/prefix"), "hostpath"),
        new Case("host+method+path beats host+path",
            List.of(r("hp", hosts("x"), paths("/a/b/c")), r("hmp", hosts("x"), methods("GET"), paths("/"))),
            TestRequest.of("GET", "x", "/a/b/c"), "hmp"),
        new Case("header exact case-insensitive", List.of(r("a", header("version", "V1"))),
            TestRequest.of("GET", "x", "/", Map.of("version", List.of("v1"))), "a"),
        new Case("header missing", List.of(r("a", header("version", "v1"))), TestRequest.of("GET", "x", "/"), null),
        new Case("header regex", List.of(r("a", header("x-user", "~*^adm.n$"))),
            TestRequest.of("GET", "x", "/", Map.of("x-user", List.of("ADMIN"))), "a"),
        new Case("more header names win",
            List.of(r("one", header("a", "1")), r("two", header("a", "1"), header("b", "2"))),
            TestRequest.of("GET", "x", "/", Map.of("a", List.of("1"), "b", List.of("2"))), "two"),
        new Case("all header names must match",
            List.of(r("two", header("a", "1"), header("b", "2"))),
            TestRequest.of("GET", "x", "/", Map.of("a", List.of("1"))), null),
        new Case("regex beats prefix",
            List.of(r("prefix", paths("/users/42")), r("regex", paths("~/users/\\d+"))),
            TestRequest.of("GET", "x", "/users/42"), "regex"),
        new Case("regex anchored at start only",
            List.of(r("regex", paths("~/users/\\d+"))), TestRequest.of("GET", "x", "/users/42/profile"), "regex"),
        new Case("regex not unanchored", List.of(r("regex", paths("~/users/\\d+"))),
            TestRequest.of("GET", "x", "/api/users/42"), null),
        new Case("regex_priority orders regexes",
            List.of(route("low", x -> { x.set("paths", strings("~/a/.*")); x.put("regex_priority", 1); }),
                route("high", x -> { x.set("paths", strings("~/a/b")); x.put("regex_priority", 5); })),
            TestRequest.of("GET", "x", "/a/b"), "high"),
        new Case("regex with optional first char",
            List.of(r("regex", paths("~/?abc"))), TestRequest.of("GET", "x", "/abc"), "regex"),
        new Case("regex alternation", List.of(r("regex", paths("~/(a|b)c"), paths("~/x|/y"))),
            TestRequest.of("GET", "x", "/y"), "regex"),
        new Case("split route: long prefix of same route competes high",
            List.of(r("mixed", paths("/a", "/a/b/c/d")), r("mid", paths("/a/b"))),
            TestRequest.of("GET", "x", "/a/b/c/d/e"), "mixed"),
        new Case("split route: short prefix of same route competes low",
            List.of(r("mixed", paths("/a", "/a/b/c/d")), r("mid", paths("/a/b"))),
            TestRequest.of("GET", "x", "/a/b/x"), "mid"),
        new Case("route with several hosts",
            List.of(r("a", hosts("one.test", "*.two.test"))), TestRequest.of("GET", "x.two.test", "/"), "a"),
        new Case("non-ascii prefix", List.of(r("a", paths("/caf\u00e9"))), TestRequest.of("GET", "x", "/caf%C3%A9/x"), "a"),
        new Case("no routes", List.of(), TestRequest.of("GET", "x", "/"), null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesLikeKong(Case c) {
    Router router = Router.compile(c.routes(), Set.of());
    assertThat(match(router, c.request())).isEqualTo(c.expected());
    // Order of definition must not matter.
    List<Route> reversed = new ArrayList<>(c.routes());
    java.util.Collections.reverse(reversed);
    assertThat(match(Router.compile(reversed, Set.of()), c.request())).isEqualTo(c.expected());
  }

  @Test
  void regexCapturesExposed() {
    Router router = Router.compile(List.of(r("u", paths("~/users/(?<id>\\d+)"))), Set.of());
    RouteMatch m = router.match(TestRequest.of("GET", "x", "/users/42/profile"));
    assertThat(m).isNotNull();
    assertThat(m.matchedPrefix()).isEqualTo("/users/42");
    assertThat(m.uriCaptures()).containsExactly("/users/42", "42");
    assertThat(m.namedCaptures()).containsEntry("id", "42");
  }

  @Test
  void prefixMatchReportsMatchedPrefix() {
    Router router = Router.compile(List.of(r("a", paths("/foo"))), Set.of());
    assertThat(router.match(TestRequest.of("GET", "x", "/foobar")).matchedPrefix()).isEqualTo("/foo");
  }

  @Test
  void routesOfDisabledServicesLeaveTheRouter() {
    Route a = route("a", x -> {
      x.set("paths", strings("/a"));
      x.set("service", Json.object().put("id", "s1"));
    });
    assertThat(Router.compile(List.of(a), Set.of()).match(TestRequest.of("GET", "x", "/a"))).isNotNull();
    assertThat(Router.compile(List.of(a), Set.of("s1")).match(TestRequest.of("GET", "x", "/a"))).isNull();
  }

  @Test
  void streamRoutesAreIgnored() {
    Route tcp = route("tcp", x -> x.set("protocols", strings("tcp")));
    assertThat(Router.compile(List.of(tcp), Set.of()).size()).isZero();
  }

  @Test
  void invalidRegexFailsCompilationWithRouteName() {
    assertThatThrownBy(() -> Router.compile(List.of(r("bad", paths("~/a(("))), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad").hasMessageContaining("invalid regex");
  }

  @Test
  void tieBrokenByLargerId() {
    Route a = route("a", x -> { x.put("id", "00000000-0000-4000-8000-000000000001"); x.set("paths", strings("/x")); });
    Route b = route("b", x -> { x.put("id", "00000000-0000-4000-8000-000000000002"); x.set("paths", strings("/x")); });
    assertThat(match(Router.compile(List.of(a, b), Set.of()), TestRequest.of("GET", "h", "/x"))).isEqualTo("b");
  }

  @Test
  void literalPrefixIsConservative() {
    assertThat(Router.literalPrefix("/users/(?<id>\\d+)")).isEqualTo("/users/");
    assertThat(Router.literalPrefix("/ab?c")).isEqualTo("/a");
    assertThat(Router.literalPrefix("/a|/b")).isEmpty();
    assertThat(Router.literalPrefix("/v1.0/x")).isEqualTo("/v1");
    assertThat(Router.literalPrefix("/x{2}")).isEqualTo("/");
  }

  @Test
  void manyRoutesStillMatchTheRightOne() {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      int n = i;
      routes.add(route("p" + i, x -> x.set("paths", strings("/svc" + n + "/"))));
      routes.add(route("h" + i, x -> { x.set("hosts", strings("h" + n + ".test")); x.set("paths", strings("/")); }));
    }
    Router router = Router.compile(routes, Set.of());
    assertThat(match(router, TestRequest.of("GET", "h77.test", "/svc12/x"))).isEqualTo("h77");
    assertThat(match(router, TestRequest.of("GET", "nohost", "/svc12/x"))).isEqualTo("p12");
    assertThat(match(router, TestRequest.of("GET", "nohost", "/svc1x"))).isNull();
  }
}
