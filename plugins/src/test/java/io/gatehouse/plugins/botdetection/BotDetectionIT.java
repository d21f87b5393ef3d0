package io.gatehouse.plugins.botdetection;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bot-detection against a real proxy, pinning Kong's spec/03-plugins/21-bot-detection (reference plugins §11). */
class BotDetectionIT {
  static final String BROWSER =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_3) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36";
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("bot-detection", "{}", ref("route", gw.serviceAndRoute("/bots")));
    gw.plugin("bot-detection", "{\"deny\":[\"HelloWorld\"]}", ref("route", gw.serviceAndRoute("/deny")));
    gw.plugin("bot-detection", "{\"allow\":[\"facebookexternalhit/1.1\"]}", ref("route", gw.serviceAndRoute("/allow")));
    gw.plugin("bot-detection", "{\"allow\":[\"Mozilla\"],\"deny\":[\"Chrome/4\"]}", ref("route", gw.serviceAndRoute("/both")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static int status(String path, String userAgent) {
    return gw.get(path, "User-Agent", userAgent).statusCode();
  }

  @Test
  void browsers_and_tools_pass_bots_are_forbidden() {
    assertThat(status("/bots", BROWSER)).isEqualTo(200);
    assertThat(status("/bots", "HelloWorld")).isEqualTo(200);
    assertThat(status("/bots", "curl/7.43.0")).isEqualTo(200);
    HttpResponse<String> r = gw.get("/bots", "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Forbidden");
    assertThat(Json.parse(r.body()).has("request_id")).isTrue();
    assertThat(status("/bots", "facebookexternalhit/1.1")).isEqualTo(403);
    assertThat(status("/bots", "  Go-http-client/1.1  ")).isEqualTo(403);
  }

  @Test
  void no_user_agent_passes() throws IOException {
    assertThat(gw.raw("/bots").status()).isEqualTo(200);
  }

  @Test
  void more_than_one_user_agent_is_a_bad_request() throws IOException {
    var r = gw.raw("/bots", "User-Agent: a", "User-Agent: b");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Only one User-Agent header allowed");
  }

  @Test
  void deny_and_allow_lists() {
    assertThat(status("/deny", "HelloWorld")).isEqualTo(403);
    assertThat(status("/deny", "HelloWorld/2")).isEqualTo(403); // unanchored
    assertThat(status("/deny", BROWSER)).isEqualTo(200);
    assertThat(status("/allow", "facebookexternalhit/1.1")).isEqualTo(200);
    assertThat(status("/allow", "Googlebot/2.1")).isEqualTo(403);
    assertThat(status("/both", BROWSER)).isEqualTo(200); // allow wins over deny
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("bot-detection", "{\"deny\":[\"(\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("not a valid regex: (");
    assertThat(gw.plugin("bot-detection", "{}", "").get("config").toString()).isEqualTo("{\"allow\":[],\"deny\":[]}");
  }
}
