package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.plugins.PluginServices;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * SDK 1.0 phase 2B end to end through a real gateway: request body access (raw, form, JSON,
 * multipart), uri captures, body filter, log phase with serializer and set_serialize_value, the
 * instance given to prepare, node services and admin endpoints.
 */
class SdkPhasesIT {

  /** A probe plugin that uses every 2B surface and reports what it saw in upstream headers or statics. */
  @PluginInfo(name = "sdk-probe", priority = 500, version = "1.0.0")
  public static final class Probe implements PreparedPlugin<Probe.Config, Probe.Prepared> {
    public record Config(@Default("false") boolean readBody, @Default("false") boolean upper) {}

    record Prepared(Config config, @Nullable Instance instance) {}

    static final ConcurrentMap<String, LogEntry> LOGGED = new ConcurrentHashMap<>();
    static final AtomicReference<NodeServices> SERVICES = new AtomicReference<>();

    @Override
    public Prepared prepare(Config config) {
      return new Prepared(config, null);
    }

    @Override
    public Prepared prepare(Config config, Instance instance) {
      return new Prepared(config, instance);
    }

    @Override
    public boolean needsRequestBody(Request request, Prepared p) {
      return p.config().readBody();
    }

    @Override
    public void access(AccessPhase ctx, Prepared p) {
      var up = ctx.upstream();
      up.setHeader("X-Instance", p.instance() == null ? "none"
          : p.instance().pluginId().equals(ctx.pluginId()) + " route=" + p.instance().routeId());
      up.setHeader("X-Captures", ctx.uriCaptures() + " " + ctx.uriNamedCaptures());
      RequestBody body = ctx.requestBody();
      if (body == null) {
        up.setHeader("X-Body", "streamed");
        return;
      }
      up.setHeader("X-Body", body.type() + " " + body.bytes().length);
      switch (body.type()) {
        case FORM -> up.setHeader("X-Parsed", body.form().toString());
        case JSON -> up.setHeader("X-Parsed", String.valueOf(body.json()));
        case MULTIPART -> up.setHeader("X-Parsed",
            body.multipartBody().parts().stream().map(part -> part.name() + "=" + part.text()).toList().toString());
        case OTHER -> up.setHeader("X-Parsed", new String(body.bytes(), StandardCharsets.UTF_8));
      }
      up.setBody("replaced".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void headerFilter(HeaderPhase ctx, Prepared p) {
      if (p.config().upper()) {
        ctx.responseHeaders().remove("Content-Length");
      }
    }

    @Override
    public boolean filtersBody(HeaderPhase ctx, Prepared p) {
      return p.config().upper();
    }

    @Override
    public byte[] bodyFilter(BodyPhase ctx, Prepared p, byte[] chunk, boolean last) {
      return new String(chunk, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void log(LogPhase ctx, Prepared p) {
      ctx.setSerializeValue("probe.status", ctx.status());
      LOGGED.put(ctx.requestId(), ctx.serialize());
    }

    @Override
    public void start(NodeServices services) {
      SERVICES.set(services);
    }

    @Override
    public List<AdminEndpoint> adminEndpoints() {
      return List.of(new AdminEndpoint("GET", "/probe/{x}",
          captures -> new AdminEndpoint.Reply(200, Map.of("x", captures.get("x")))));
    }
  }

  private static String requestId(java.net.http.HttpResponse<String> r) {
    return r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
  }

  @Test
  void access_reads_form_json_multipart_and_raw_bodies_when_asked() {
    try (PluginGateway gw = new PluginGateway(LoadedPlugins.of(new Probe()))) {
      ObjectNode route = gw.serviceAndRoute("/read");
      gw.plugin("sdk-probe", "{\"read_body\":true}", ref("route", route));
      gw.apply();

      JsonNode form = Json.parse(gw.send("POST", "/read", HttpRequest.BodyPublishers.ofString("a=1&a=2&b=x%20y"),
          "Content-Type", "application/x-www-form-urlencoded").body());
      assertThat(form.get("headers").get("x-body").asText()).isEqualTo("FORM 15");
      assertThat(form.get("headers").get("x-parsed").asText()).isEqualTo("{a=[1, 2], b=[x y]}");
      assertThat(form.get("body").asText()).isEqualTo("replaced");
      assertThat(form.get("headers").get("x-instance").asText()).isEqualTo("true route=" + id(route));

      JsonNode json = Json.parse(gw.send("POST", "/read", HttpRequest.BodyPublishers.ofString("{\"k\":[1,true,null]}"),
          "Content-Type", "application/json").body());
      assertThat(json.get("headers").get("x-parsed").asText()).isEqualTo("{k=[1, true, null]}");

      String multipart = "--XB\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv1\r\n--XB--\r\n";
      JsonNode parts = Json.parse(gw.send("POST", "/read", HttpRequest.BodyPublishers.ofString(multipart),
          "Content-Type", "multipart/form-data; boundary=XB").body());
      assertThat(parts.get("headers").get("x-parsed").asText()).isEqualTo("[f=v1]");

      JsonNode raw = Json.parse(gw.send("POST", "/read", HttpRequest.BodyPublishers.ofString("plain"),
          "Content-Type", "text/plain").body());
      assertThat(raw.get("headers").get("x-body").asText()).isEqualTo("OTHER 5");
      assertThat(raw.get("headers").get("x-parsed").asText()).isEqualTo("plain");
    }
  }

  @Test
  void bodies_stream_unless_asked_and_regex_captures_are_visible() {
    try (PluginGateway gw = new PluginGateway(LoadedPlugins.of(new Probe()))) {
      ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + gw.echoPort() + "}");
      gw.insert("routes", "{\"paths\":[\"~/cap/(?<user>\\\\w+)/(\\\\d+)$\"],\"service\":{\"id\":\"" + id(svc) + "\"}}");
      gw.plugin("sdk-probe", "{}", "");
      gw.apply();
      var r = gw.send("POST", "/cap/ann/42", HttpRequest.BodyPublishers.ofString("kept"), "Content-Type", "text/plain");
      JsonNode echo = Json.parse(r.body());
      assertThat(echo.get("headers").get("x-body").asText()).isEqualTo("streamed");
      assertThat(echo.get("body").asText()).isEqualTo("kept");
      assertThat(echo.get("headers").get("x-captures").asText()).isEqualTo("[/cap/ann/42, ann, 42] {user=ann}");
      assertThat(echo.get("headers").get("x-instance").asText()).isEqualTo("true route=null");
    }
  }

  @Test
  void body_filter_rewrites_chosen_responses_and_log_phase_serializes() {
    try (PluginGateway gw = new PluginGateway(LoadedPlugins.of(new Probe()))) {
      gw.plugin("sdk-probe", "{\"upper\":true}", ref("route", gw.serviceAndRoute("/up")));
      gw.plugin("sdk-probe", "{}", ref("route", gw.serviceAndRoute("/plain")));
      gw.apply();
      var up = gw.get("/up");
      assertThat(up.body()).contains("\"HEADERS\"").doesNotContain("\"headers\"");
      assertThat(up.headers().firstValue("Content-Length")).isEmpty();
      var plain = gw.get("/plain");
      assertThat(upstreamHeaders(plain).has("x-body")).isTrue();

      String id = requestId(plain);
      await().atMost(Duration.ofSeconds(5)).until(() -> Probe.LOGGED.containsKey(id));
      LogEntry entry = Probe.LOGGED.get(id);
      Map<String, Object> map = entry.toMap();
      assertThat(((Map<?, ?>) map.get("request")).get("id")).isEqualTo(id);
      assertThat(((Map<?, ?>) map.get("response")).get("status")).isEqualTo(200);
      assertThat(map.get("probe")).isEqualTo(Map.of("status", 200));
      JsonNode json = Json.parse(entry.toJson());
      assertThat(json.get("request").get("id").asText()).isEqualTo(id);
      assertThat(json.get("probe").get("status").asInt()).isEqualTo(200);
    }
  }

  @Test
  void node_services_and_admin_endpoints_reach_the_runtime() {
    LoadedPlugins none = LoadedPlugins.of(new Probe()).start(PluginServices.NONE);
    assertThat(Probe.SERVICES.get().sharedCounters()).isEmpty();

    io.gatehouse.sdk.SharedCounters counters = new io.gatehouse.sdk.SharedCounters() {
      @Override
      public java.util.concurrent.CompletionStage<long[]> admit(String[] keys, long[] limits, long cost, long[] exp) {
        return java.util.concurrent.CompletableFuture.completedFuture(new long[keys.length]);
      }

      @Override
      public java.util.concurrent.CompletionStage<long[]> add(String[] keys, long[] deltas, long[] exp) {
        return java.util.concurrent.CompletableFuture.completedFuture(new long[keys.length]);
      }
    };
    LoadedPlugins.of(new Probe()).start(PluginServices.withCounters(counters));
    assertThat(Probe.SERVICES.get().sharedCounters()).containsSame(counters);

    var endpoints = none.find("sdk-probe").adminEndpoints();
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.getFirst().method()).isEqualTo("GET");
    assertThat(endpoints.getFirst().template()).isEqualTo("/probe/{x}");
    var reply = endpoints.getFirst().handler().apply(Map.of("x", "7"));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(Map.of("x", "7"));
  }
}
