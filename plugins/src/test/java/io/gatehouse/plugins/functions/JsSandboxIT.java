package io.gatehouse.plugins.functions;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JavaScript snippets (beyond Kong): no host, file, process or environment access, runaway code
 * stopped by the statement and time limits, PDK errors catchable, parse errors at config time.
 */
class JsSandboxIT {
  static PluginGateway gw;

  private static String js(String phase, String... sources) throws Exception {
    return Json.MAPPER.writeValueAsString(Map.of(phase, List.of(sources), "language", "javascript"));
  }

  /** Answers 200 with {@code ok:<value>} of {@code expr}, or {@code err:<message>} when it throws. */
  private static String probe(String expr) throws Exception {
    return js("access", "let out;\ntry { out = 'ok:' + String(" + expr + "); } catch (e) { out = 'err:' + e; }\n"
        + "return kong.response.exit(200, out);");
  }

  private static void route(String path, String config) {
    gw.plugin("pre-function", config, ref("route", gw.serviceAndRoute(path)));
  }

  @BeforeAll
  static void start() throws Exception {
    gw = LuaGateways.start(Map.of());
    route("/java", probe("Java.type('java.lang.System').getenv('PATH')"));
    route("/globals", probe("typeof Packages + typeof java + typeof Graal + typeof Polyglot"));
    route("/io", probe("typeof load + typeof print + typeof console + typeof require + typeof process"));
    route("/names", probe("Object.getOwnPropertyNames(globalThis).filter(n => /java|graal|polyglot|packages/i.test(n))"));
    route("/global", probe("(function () { globalThis.leak = 1; return typeof globalThis.leak; })()"));
    route("/safe", probe("Math.max(1, 2)"));
    route("/loop", js("access", "while (true) {}"));
    route("/loop2", js("access", "for (;;) { try { while (true) {} } catch (e) {} }"));
    route("/count", js("access", "let n = 0;\nreturn () => kong.response.exit(200, String(++n));"));
    // one statement, exponential backtracking (a back-reference keeps TRegex off its automaton)
    route("/regex", js("access", "/^(a+)+\\1b$/.test('a'.repeat(40));\nreturn kong.response.exit(200, 'done');"));
    route("/cache", probe("kong.cache.get('x')"));
    route("/arg", probe("kong.service.request.set_header()"));
    route("/phase", probe("kong.response.get_raw_body()"));
    route("/throw", js("access", "throw new Error('boom')"));
    route("/exit-caught", js("access", "try { kong.response.exit(403, 'no'); } catch (e) {}\nkong.response.set_header('X-After', '1');",
        "kong.response.exit(200, 'second snippet ran')"));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void no_host_classes_io_processes_or_other_languages() {
    assertThat(gw.get("/java").body()).startsWith("err:");
    assertThat(gw.get("/globals").body()).isEqualTo("ok:undefinedundefinedundefinedundefined");
    assertThat(gw.get("/io").body()).isEqualTo("ok:undefinedundefinedundefinedundefinedundefined");
    assertThat(gw.get("/names").body()).isEqualTo("ok:");
    assertThat(gw.get("/global").body()).as("the thread's globals are frozen").isEqualTo("ok:undefined");
    assertThat(gw.get("/safe").body()).isEqualTo("ok:2");
  }

  @Test
  void runaway_loops_are_stopped_and_the_loop_goes_on_serving() throws Exception {
    long start = System.nanoTime();
    assertThat(gw.get("/loop").statusCode()).isEqualTo(500);
    assertThat(gw.get("/loop2").statusCode()).isEqualTo(500);
    assertThat(gw.get("/loop").statusCode()).as("stopped again in the replaced context").isEqualTo(500);
    assertThat((System.nanoTime() - start) / 1_000_000).as("the limits stop the loops").isLessThan(20_000);
    HttpClient client = HttpClient.newHttpClient(); // one keep-alive connection to the one event loop
    List<String> counts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/count"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("the event loop still serves").isEqualTo(200);
      counts.add(r.body());
    }
    assertThat(counts).as("a returned function keeps its closure").containsExactly("1", "2", "3");
  }

  @Test
  void a_slow_built_in_is_interrupted_by_the_time_limit() {
    long start = System.nanoTime();
    assertThat(gw.get("/regex").statusCode()).isEqualTo(500);
    assertThat((System.nanoTime() - start) / 1_000_000).as("the watchdog interrupts it").isLessThan(15_000);
    assertThat(gw.get("/safe").body()).as("the context stays usable").isEqualTo("ok:2");
  }

  @Test
  void pdk_errors_are_catchable_and_name_the_call() {
    assertThat(gw.get("/cache").body()).isEqualTo("err:Error: kong.cache is not supported by Gatehouse");
    assertThat(gw.get("/arg").body()).isEqualTo("err:Error: bad argument #1 (string expected, got undefined)");
    assertThat(gw.get("/phase").body())
        .isEqualTo("err:Error: kong.response.get_raw_body: function cannot be called in access phase");
    assertThat(gw.get("/throw").statusCode()).isEqualTo(500);
    HttpResponse<String> exit = gw.get("/exit-caught");
    assertThat(exit.statusCode()).as("kong.response.exit ends the phase even when caught").isEqualTo(403);
    assertThat(exit.body()).isEqualTo("no");
    assertThat(exit.headers().firstValue("X-After")).as("a PDK call after it ends the snippet").isEmpty();
  }

  @Test
  void snippets_must_parse_in_their_language() throws Exception {
    assertThatThrownBy(() -> gw.plugin("pre-function", js("access", "let x = "), ""))
        .hasMessageContaining("error parsing pre-function: SyntaxError");
    assertThatThrownBy(() -> gw.plugin("post-function", js("header_filter", "kong.response.set_header('a', 'b');",
        "if ("), "")).hasMessageContaining("error parsing post-function: SyntaxError");
    // Lua that is not JavaScript is refused with language: javascript, and accepted without it (Kong's config)
    assertThatThrownBy(() -> gw.plugin("pre-function", js("access", "local x = 1"), ""))
        .hasMessageContaining("error parsing pre-function");
    assertThat(gw.plugin("pre-function", Json.MAPPER.writeValueAsString(Map.of("access", List.of("local x = 1"))), "")
        .at("/config/language").asText()).isEqualTo("lua");
    assertThatThrownBy(() -> gw.plugin("pre-function",
        Json.MAPPER.writeValueAsString(Map.of("access", List.of("x"), "language", "python")), ""))
        .hasMessageContaining("expected one of: lua, javascript");
  }

  @Test
  void untrusted_lua_off_stops_javascript_too() throws Exception {
    try (PluginGateway off = LuaGateways.start(Map.of("untrusted_lua", "off"))) {
      off.plugin("pre-function", js("access", "kong.response.exit(200, 'ran')"), ref("route", off.serviceAndRoute("/x")));
      off.apply();
      assertThat(off.get("/x").statusCode()).isEqualTo(500);
    }
  }
}
