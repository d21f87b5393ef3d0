package io.gatehouse.plugins.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import org.junit.jupiter.api.Test;

/** session's config as Kong 3.9's schema.lua has it: defaults, a generated secret, the checks. */
class SessionSchemaTest {

  @Test
  void defaults_are_kongs_and_a_secret_is_generated_per_instance() {
    try (PluginGateway gw = new PluginGateway()) {
      JsonNode c = gw.plugin("session", "{}", "").get("config");
      assertThat(c.get("storage").asText()).isEqualTo("cookie");
      assertThat(c.get("audience").asText()).isEqualTo("default");
      assertThat(c.get("idling_timeout").asDouble()).isEqualTo(900);
      assertThat(c.get("rolling_timeout").asDouble()).isEqualTo(3600);
      assertThat(c.get("absolute_timeout").asDouble()).isEqualTo(86400);
      assertThat(c.get("stale_ttl").asDouble()).isEqualTo(10);
      assertThat(c.get("cookie_name").asText()).isEqualTo("session");
      assertThat(c.get("cookie_path").asText()).isEqualTo("/");
      assertThat(c.get("cookie_domain").isNull()).isTrue();
      assertThat(c.get("cookie_same_site").asText()).isEqualTo("Strict");
      assertThat(c.get("cookie_http_only").asBoolean()).isTrue();
      assertThat(c.get("cookie_secure").asBoolean()).isTrue();
      assertThat(c.get("remember").asBoolean()).isFalse();
      assertThat(c.get("remember_cookie_name").asText()).isEqualTo("remember");
      assertThat(c.get("remember_rolling_timeout").asDouble()).isEqualTo(604800);
      assertThat(c.get("remember_absolute_timeout").asDouble()).isEqualTo(2592000);
      assertThat(c.get("read_body_for_logout").asBoolean()).isFalse();
      assertThat(c.get("logout_methods")).extracting(JsonNode::asText).containsExactlyInAnyOrder("POST", "DELETE");
      assertThat(c.get("logout_query_arg").asText()).isEqualTo("session_logout");
      assertThat(c.get("logout_post_arg").asText()).isEqualTo("session_logout");
      String secret = c.get("secret").asText();
      assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
      assertThat(gw.plugin("session", "{}", "").get("config").get("secret").asText()).isNotEqualTo(secret);
      assertThat(gw.plugin("session", "{\"secret\":\"mine\"}", "").get("config").get("secret").asText()).isEqualTo("mine");
    }
  }

  @Test
  void kongs_checks_reject_bad_values() {
    try (PluginGateway gw = new PluginGateway()) {
      assertThatThrownBy(() -> gw.plugin("session", "{\"cookie_same_site\":\"Sometimes\"}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("cookie_same_site");
      assertThatThrownBy(() -> gw.plugin("session", "{\"storage\":\"redis\"}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("storage");
      assertThatThrownBy(() -> gw.plugin("session", "{\"logout_methods\":[\"PUT\"]}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("logout_methods");
      assertThatThrownBy(() -> gw.plugin("session", "{\"response_headers\":[\"secret\"]}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("response_headers");
      assertThatThrownBy(() -> gw.insert("plugins", "{\"name\":\"session\",\"consumer\":{\"id\":\"" 
          + PluginGateway.id(gw.consumer("c")) + "\"}}"))
          .isInstanceOf(KongException.class);
    }
  }
}
