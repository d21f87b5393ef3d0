package io.gatehouse.plugins.openidconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** openid-connect's config carries Kong Enterprise's names and defaults (its published schema). */
class OpenIdConnectSchemaTest {

  @Test
  void defaults_are_kongs() {
    try (PluginGateway gw = new PluginGateway()) {
      JsonNode c = gw.plugin("openid-connect", "{\"issuer\":\"https://idp.example/realms/x\"}", "").get("config");
      assertThat(c.get("auth_methods")).extracting(JsonNode::asText).containsExactly("password", "client_credentials",
          "authorization_code", "bearer", "introspection", "userinfo", "kong_oauth2", "refresh_token", "session");
      assertThat(c.get("scopes")).extracting(JsonNode::asText).containsExactly("openid");
      assertThat(c.get("audience_claim")).extracting(JsonNode::asText).containsExactly("aud");
      assertThat(c.get("scopes_claim")).extracting(JsonNode::asText).containsExactly("scope");
      assertThat(c.get("consumer_by")).extracting(JsonNode::asText).containsExactly("username", "custom_id");
      assertThat(c.get("credential_claim")).extracting(JsonNode::asText).containsExactly("sub");
      assertThat(c.get("bearer_token_param_type")).extracting(JsonNode::asText).containsExactly("header", "query", "body");
      assertThat(c.get("rediscovery_lifetime").asDouble()).isEqualTo(30);
      assertThat(c.get("leeway").asDouble()).isEqualTo(0);
      assertThat(c.get("cache_ttl").asDouble()).isEqualTo(3600);
      assertThat(c.get("upstream_access_token_header").asText()).isEqualTo("authorization:bearer");
      assertThat(c.get("introspection_hint").asText()).isEqualTo("access_token");
      assertThat(c.get("response_mode").asText()).isEqualTo("query");
      assertThat(c.get("session_cookie_name").asText()).isEqualTo("session");
      assertThat(c.get("session_cookie_same_site").asText()).isEqualTo("Lax");
      assertThat(c.get("session_idling_timeout").asDouble()).isEqualTo(900);
      assertThat(c.get("session_rolling_timeout").asDouble()).isEqualTo(3600);
      assertThat(c.get("session_absolute_timeout").asDouble()).isEqualTo(86400);
      assertThat(c.get("authorization_cookie_name").asText()).isEqualTo("authorization");
      assertThat(c.get("authorization_rolling_timeout").asDouble()).isEqualTo(600);
      assertThat(c.get("unauthorized_error_message").asText()).isEqualTo("Unauthorized");
      assertThat(c.get("forbidden_error_message").asText()).isEqualTo("Forbidden");
      assertThat(c.get("verify_signature").asBoolean()).isTrue();
      assertThat(c.get("verify_nonce").asBoolean()).isTrue();
      assertThat(c.get("timeout").asDouble()).isEqualTo(10000);
      assertThat(c.get("client_id").isNull()).isTrue();
      assertThat(c.get("logout_methods")).extracting(JsonNode::asText).containsExactly("POST", "DELETE");
      assertThat(c.get("logout_uri_suffix").isNull()).isTrue();
      assertThat(c.get("session_cookie_secure").isNull()).isTrue();
    }
    assertThat(LoadedPlugins.of(new OpenIdConnectPlugin()).find("openid-connect").priority()).isEqualTo(1050);
  }

  @Test
  void bad_values_are_refused() {
    try (PluginGateway gw = new PluginGateway()) {
      assertThatThrownBy(() -> gw.plugin("openid-connect", "{}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("issuer");
      assertThatThrownBy(() -> gw.plugin("openid-connect", "{\"issuer\":\"https://i\",\"auth_methods\":[\"magic\"]}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("auth_methods");
      assertThatThrownBy(() -> gw.plugin("openid-connect", "{\"issuer\":\"https://i\",\"consumer_by\":[\"email\"]}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("consumer_by");
      assertThatThrownBy(() -> gw.plugin("openid-connect", "{\"issuer\":\"https://i\",\"client_auth\":[\"private_key_jwt\"]}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("private_key_jwt");
      assertThatThrownBy(() -> gw.plugin("openid-connect",
          "{\"issuer\":\"https://i\",\"upstream_headers_claims\":[\"sub\"],\"upstream_headers_names\":[]}", ""))
          .isInstanceOf(KongException.class).hasMessageContaining("upstream_headers_names");
    }
  }
}
