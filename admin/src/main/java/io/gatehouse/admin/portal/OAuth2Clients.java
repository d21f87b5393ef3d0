package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The portal's OAuth 2.0 pieces, in Kong's oauth2 field names: the {@code oauth2} plugin config that
 * guards an {@code oauth2} product, and each application's client (an {@code oauth2_credentials}
 * row of its consumer) whose id and secret the developer gets once.
 */
final class OAuth2Clients {
  /** Kong's table of oauth2 applications; absent when the oauth2 plugin is not loaded. */
  static final String TABLE = "oauth2_credentials";

  private final SecureRandom random;

  OAuth2Clients(SecureRandom random) {
    this.random = random;
  }

  /** An application's OAuth 2.0 client, with its secret in clear (shown once; the row keeps a hash). */
  record Client(String clientId, String clientSecret) {}

  /**
   * The product's {@code oauth2} plugin config: the client credentials grant only; tokens not bound
   * to a service ({@code global_credentials}), so one application's token works on every oauth2
   * product it is approved for (the {@code acl} groups decide); a generated {@code provision_key}
   * (only the password and authorization code grants use it, both off); and, Kong's default,
   * {@code /oauth2/token} only over the proxy's TLS listener ({@code
   * accept_http_if_already_terminated: false}): an operator behind a TLS-terminating load balancer in
   * {@code trusted_ips} sets it on the plugin, which the portal then keeps as it is.
   */
  ObjectNode pluginConfig() {
    return Json.object().put("enable_client_credentials", true).put("global_credentials", true)
        .put("provision_key", random(32)).put("accept_http_if_already_terminated", false);
  }

  /** A new client: a random id (or {@code keepClientId}, on a rotation) and a random 256-bit secret. */
  Client newClient(@Nullable String keepClientId) {
    return new Client(keepClientId != null ? keepClientId : random(24), random(32));
  }

  /**
   * The consumer's {@code oauth2_credentials} input: named after the application, confidential,
   * the secret stored as Kong's PBKDF2 hash ({@code hash_secret}), no redirect URI (the client
   * credentials grant uses none, and Kong's schema requires none).
   */
  static ObjectNode credential(String consumerId, String applicationName, Client client) {
    return Json.object().<ObjectNode>set("consumer", Json.object().put("id", consumerId))
        .put("name", applicationName).put("client_id", client.clientId()).put("client_secret", client.clientSecret())
        .put("hash_secret", true).put("client_type", "confidential");
  }

  private String random(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
