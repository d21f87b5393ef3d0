package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.proxy.testing.TlsOrigin;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code Upstream.setTarget} (Kong's {@code kong.service.set_target} + {@code set_scheme}) against real origins. */
class UpstreamTargetIT {

  @PluginInfo(name = "target-probe", priority = 500, version = "1.0.0")
  public static final class TargetProbe implements Plugin<TargetProbe.Config> {
    public record Config(String scheme, String host, int port, String path) {}

    @Override
    public void access(AccessPhase ctx, Config c) {
      ctx.upstream().setTarget(c.scheme(), c.host(), c.port());
      ctx.upstream().setPath(c.path());
    }
  }

  @Test
  void a_plugin_sends_the_request_to_another_plain_text_origin() {
    try (EchoUpstream other = EchoUpstream.start();
         PluginGateway gw = new PluginGateway(LoadedPlugins.of(new TargetProbe()))) {
      JsonNode route = gw.serviceAndRoute("/moved");
      gw.plugin("target-probe", "{\"scheme\":\"http\",\"host\":\"127.0.0.1\",\"port\":" + other.port()
          + ",\"path\":\"/elsewhere\"}", ref("route", route));
      gw.apply();
      HttpResponse<String> r = gw.get("/moved?x=1");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode echoed = Json.parse(r.body());
      assertThat(echoed.get("uri").asText()).isEqualTo("/elsewhere?x=1");
      assertThat(PluginGateway.upstreamHeaders(r).get("host").asText()).isEqualTo("127.0.0.1:" + other.port());
      assertThat(gw.upstreamRequests()).isZero(); // the service's own origin saw nothing
    }
  }

  @Test
  void a_plugin_sends_a_plain_text_service_to_an_https_origin() {
    try (TlsOrigin origin = TlsOrigin.start("localhost");
         PluginGateway gw = new PluginGateway(LoadedPlugins.of(new TargetProbe()))) {
      JsonNode route = gw.serviceAndRoute("/secure");
      gw.plugin("target-probe", "{\"scheme\":\"https\",\"host\":\"localhost\",\"port\":" + origin.port()
          + ",\"path\":\"/v1/x\"}", ref("route", route));
      gw.apply();
      assertThat(gw.get("/secure").statusCode()).isEqualTo(200);
      assertThat(origin.requests()).isEqualTo(1);
      assertThat(origin.sniNames()).containsExactly("localhost");
      assertThat(gw.upstreamRequests()).isZero();
    }
  }
}
