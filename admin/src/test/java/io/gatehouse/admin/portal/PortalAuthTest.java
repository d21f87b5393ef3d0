package io.gatehouse.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A workspace's {@code portal_auth}/{@code portal_auth_conf} over the node's (Kong Enterprise's keys). */
class PortalAuthTest {
  private static final String NODE_CONF = "{\"issuer\":\"https://node.example/realm\",\"client_id\":[\"node\"]}";
  private static final PortalAuth NODE_OIDC = PortalAuth.node("openid-connect", NODE_CONF);
  private static final PortalAuth NODE_PASSWORDS = PortalAuth.none();

  private static String issuer(PortalAuth node, String workspaceConfig) {
    PortalAuth.Resolved r = node.resolve(Json.parse(workspaceConfig));
    assertThat(r.errors()).as(workspaceConfig).isEmpty();
    assertThat(r.passwords()).as("passwords open exactly when no provider: " + workspaceConfig).isEqualTo(r.oidc() == null);
    return r.oidc() == null ? "passwords" : r.oidc().issuer() + " " + r.oidc().clientId();
  }

  @Test
  void a_workspace_key_overrides_the_node_and_what_it_leaves_out_the_node_gives() {
    String own = "{\\\"issuer\\\":\\\"https://a.example\\\",\\\"client_id\\\":\\\"a\\\"}";
    // nothing set: the node's
    assertThat(issuer(NODE_OIDC, "{}")).isEqualTo("https://node.example/realm node");
    assertThat(issuer(NODE_PASSWORDS, "{\"portal\":true}")).isEqualTo("passwords");
    assertThat(issuer(NODE_OIDC, "{\"portal_auth\":null}")).isEqualTo("https://node.example/realm node");
    // "" turns the node's provider off for this workspace
    assertThat(issuer(NODE_OIDC, "{\"portal_auth\":\"\"}")).isEqualTo("passwords");
    // so does Kong Enterprise's name for e-mail and password accounts
    assertThat(issuer(NODE_OIDC, "{\"portal_auth\":\"basic-auth\"}")).isEqualTo("passwords");
    // its own provider, as an object or as a string holding one
    assertThat(issuer(NODE_PASSWORDS, "{\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":"
        + "{\"issuer\":\"https://a.example\",\"client_id\":\"a\"}}")).isEqualTo("https://a.example a");
    assertThat(issuer(NODE_PASSWORDS, "{\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":\"" + own + "\"}"))
        .isEqualTo("https://a.example a");
    // only the conf: the node's portal_auth with the workspace's provider
    assertThat(issuer(NODE_OIDC, "{\"portal_auth_conf\":\"" + own + "\"}")).isEqualTo("https://a.example a");
    // only portal_auth: the node's conf
    assertThat(issuer(PortalAuth.node(null, NODE_CONF), "{\"portal_auth\":\"openid-connect\"}"))
        .isEqualTo("https://node.example/realm node");
    // a blank conf is no conf
    assertThat(issuer(NODE_OIDC, "{\"portal_auth_conf\":\"\"}")).isEqualTo("https://node.example/realm node");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"portal_auth\":\"saml\"}       | config.portal_auth | expected one of: \"openid-connect\", \"basic-auth\" or \"\" (e-mail and password accounts)",
      "{\"portal_auth\":\"key-auth\"}   | config.portal_auth | expected one of: \"openid-connect\", \"basic-auth\" or \"\" (e-mail and password accounts); Kong Enterprise's key-auth is not offered",
      "{\"portal_auth\":true}           | config.portal_auth | expected a string",
      "{\"portal_auth\":\"openid-connect\"} | config.portal_auth_conf | required for portal_auth = openid-connect (the node sets none)",
      "{\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":{\"issuer\":\"https://a.example\"}} | config.portal_auth_conf | needs issuer and client_id for portal_auth = openid-connect",
      "{\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":\"not json\"} | config.portal_auth_conf | expected a JSON object, or a string holding one",
      "{\"portal_auth_conf\":[1]}       | config.portal_auth_conf | expected a JSON object, or a string holding one",
  })
  void an_unusable_workspace_config_is_a_schema_violation(String config, String field, String message) {
    assertThatThrownBy(() -> NODE_PASSWORDS.check(Json.parse(config))).isInstanceOfSatisfying(KongException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(400);
      assertThat(e.getMessage()).isEqualTo("schema violation (" + field + ": " + message + ")");
    });
  }

  @Test
  void the_node_settings_are_checked_at_start_and_serve_workspaces_without_their_own() {
    assertThatThrownBy(() -> NODE_PASSWORDS.check(Json.parse("{\"portal_auth\":\"openid-connect\"}")))
        .hasMessageContaining("required for portal_auth = openid-connect");
    // the node's kong.conf is checked at start as before
    assertThatThrownBy(() -> PortalAuth.node("openid-connect", null)).hasMessage("portal_auth = openid-connect needs portal_auth_conf");
    assertThatThrownBy(() -> PortalAuth.node("openid-connect", "{\"client_id\":\"x\"}"))
        .hasMessage("portal_auth_conf needs issuer and client_id for portal_auth = openid-connect");
    // kong.conf's portal_auth = basic-auth (Kong Enterprise's password accounts) starts a password portal
    assertThat(issuer(PortalAuth.node("basic-auth", null), "{}")).isEqualTo("passwords");
    assertThatThrownBy(() -> PortalAuth.node("key-auth", null))
        .hasMessage("portal_auth: expected openid-connect or basic-auth, got 'key-auth'");
    // other workspace config keys are not the portal login's business
    NODE_PASSWORDS.check(Json.parse("{\"portal\":true,\"portal_auto_approve\":\"whatever\"}"));
  }
}
