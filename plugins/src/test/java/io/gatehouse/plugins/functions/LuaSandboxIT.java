package io.gatehouse.plugins.functions;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kong's untrusted_lua modes, the sandbox's refusals, the instruction budget and schema errors. */
class LuaSandboxIT {

  private static String access(String... sources) throws Exception {
    return Json.MAPPER.writeValueAsString(Map.of("access", List.of(sources)));
  }

  /** The snippet answers 200 with what pcall of {@code expr} returned (true/false + message). */
  private static String probe(String expr) {
    return "local ok, err = pcall(function() return " + expr + " end)\n"
        + "return kong.response.exit(200, tostring(ok) .. ':' .. tostring(err))";
  }

  @Test
  void sandbox_refuses_os_io_and_unlisted_requires_and_stops_endless_loops() throws Exception {
    try (PluginGateway gw = LuaGateways.start(Map.of())) {
      gw.plugin("pre-function", access(probe("os.execute('id')")), ref("route", gw.serviceAndRoute("/os")));
      gw.plugin("pre-function", access(probe("io.open('/etc/passwd')")), ref("route", gw.serviceAndRoute("/io")));
      gw.plugin("pre-function", access(probe("require('cjson')")), ref("route", gw.serviceAndRoute("/req")));
      gw.plugin("pre-function", access(probe("string.upper('ok')")), ref("route", gw.serviceAndRoute("/safe")));
      gw.plugin("pre-function", access(probe("setmetatable({}, {})")), ref("route", gw.serviceAndRoute("/meta")));
      gw.plugin("pre-function", access("while true do end"), ref("route", gw.serviceAndRoute("/loop")));
      gw.plugin("pre-function", access("while true do pcall(function() while true do end end) end"),
          ref("route", gw.serviceAndRoute("/loop2")));
      gw.apply();
      assertThat(gw.get("/os").body()).startsWith("false:").contains("nil"); // os.execute is not in the sandbox
      assertThat(gw.get("/io").body()).startsWith("false:").contains("nil"); // no io at all
      assertThat(gw.get("/req").body()).startsWith("false:").contains("require 'cjson' not allowed within sandbox");
      assertThat(gw.get("/safe").body()).isEqualTo("true:OK");
      assertThat(gw.get("/meta").body()).startsWith("false:");
      long start = System.nanoTime();
      assertThat(gw.get("/loop").statusCode()).isEqualTo(500);
      assertThat(gw.get("/loop2").statusCode()).isEqualTo(500);
      assertThat((System.nanoTime() - start) / 1_000_000).as("budget stops the loops quickly").isLessThan(5_000);
      assertThat(gw.get("/safe").statusCode()).as("the event loop still serves").isEqualTo(200);
    }
  }

  @Test
  void listed_requires_and_environment_are_allowed() throws Exception {
    try (PluginGateway gw = LuaGateways.start(Map.of("untrusted_lua_sandbox_requires", "cjson",
        "untrusted_lua_sandbox_environment", "getmetatable"))) {
      gw.plugin("pre-function", access(probe("require('cjson').encode({a = 1})")), ref("route", gw.serviceAndRoute("/req")));
      gw.plugin("pre-function", access(probe("type(getmetatable)")), ref("route", gw.serviceAndRoute("/env")));
      gw.apply();
      assertThat(gw.get("/req").body()).isEqualTo("true:{\"a\":1}");
      assertThat(gw.get("/env").body()).isEqualTo("true:function");
    }
  }

  @Test
  void on_gives_the_full_globals_and_off_runs_nothing() throws Exception {
    try (PluginGateway on = LuaGateways.start(Map.of("untrusted_lua", "on"))) {
      on.plugin("pre-function", access(probe("type(io.open)")), ref("route", on.serviceAndRoute("/io")));
      on.apply();
      assertThat(on.get("/io").body()).isEqualTo("true:function");
    }
    try (PluginGateway off = LuaGateways.start(Map.of("untrusted_lua", "off"))) {
      off.plugin("pre-function", access("kong.response.exit(200, 'ran')"), ref("route", off.serviceAndRoute("/x")));
      off.apply();
      assertThat(off.get("/x").statusCode()).isEqualTo(500);
    }
  }

  @Test
  void snippets_must_compile_with_kongs_message_and_one_phase_is_required() throws Exception {
    try (PluginGateway gw = LuaGateways.start(Map.of())) {
      assertThatThrownBy(() -> gw.plugin("pre-function", access("local x = "), ""))
          .hasMessageContaining("error parsing pre-function: [string \"local x = \"]:1:");
      assertThatThrownBy(() -> gw.plugin("post-function", access("if then"), ""))
          .hasMessageContaining("error parsing post-function:");
      assertThatThrownBy(() -> gw.plugin("pre-function", "{}", ""))
          .hasMessageContaining("at least one of these fields must be non-empty");
    }
  }
}
