package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which login a portal offers: Kong Enterprise's {@code portal_auth} and
 * {@code portal_auth_conf}, set node-wide in kong.conf and overridden key by key by a workspace's
 * {@code config}:
 * <ul>
 *   <li>{@code portal_auth}: {@code "openid-connect"} (through the provider only: no password
 *       sign-up or login), or {@code ""} (e-mail and password accounts only), which Kong
 *       Enterprise's {@code "basic-auth"} (its developers' e-mail and password) also means; absent
 *       or null, the node's counts;
 *   <li>{@code portal_auth_conf}: a JSON object, or a string holding one; absent, null or blank,
 *       the node's counts.
 * </ul>
 * The Admin API checks a workspace's config with {@link #check} before it is stored, so a change
 * that would leave its portal without a usable provider never replaces a good one.
 */
public final class PortalAuth {
  public static final String OPENID_CONNECT = "openid-connect";
  /** Kong Enterprise's name for e-mail and password developer accounts: the same as {@code ""} here. */
  static final String BASIC_AUTH = "basic-auth";

  /**
   * A workspace's effective login: the provider (null: none), or why its config is unusable.
   *
   * @param passwords whether e-mail and password accounts are open: not with {@code openid-connect},
   *     which makes the portal OpenID-only (even when its provider's config is unusable)
   */
  record Resolved(OidcLogin.@Nullable Config oidc, boolean passwords, ObjectNode errors) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  private final @Nullable String nodeAuth;
  private final @Nullable JsonNode nodeConf;

  private PortalAuth(@Nullable String nodeAuth, @Nullable JsonNode nodeConf) {
    this.nodeAuth = nodeAuth;
    this.nodeConf = nodeConf;
  }

  /**
   * The node's kong.conf values ({@code portal_auth}, {@code portal_auth_conf}; null when unset).
   *
   * @throws IllegalArgumentException when {@code openid-connect} has no usable conf (the node does not start)
   */
  public static PortalAuth node(@Nullable String auth, @Nullable String conf) {
    String a = auth == null || auth.isBlank() || auth.trim().equals(BASIC_AUTH) ? null : auth.trim();
    if (a != null && !a.equals(OPENID_CONNECT)) {
      throw new IllegalArgumentException("portal_auth: expected openid-connect or basic-auth, got '" + a + "'");
    }
    JsonNode tree = conf == null || conf.isBlank() ? null : read(conf);
    if (a != null) {
      if (tree == null) throw new IllegalArgumentException("portal_auth = openid-connect needs portal_auth_conf");
      OidcLogin.Config.parse(conf); // its own messages, as before workspaces could set it
    }
    return new PortalAuth(a, tree);
  }

  /** No node-wide login besides passwords (a node whose portal is off). */
  public static PortalAuth none() {
    return new PortalAuth(null, null);
  }

  /**
   * Refuses a workspace {@code config} whose portal login keys are unusable: Kong's schema violation
   * (400) under {@code fields.config.portal_auth} or {@code fields.config.portal_auth_conf}. A config
   * that sets neither key is left alone (its portal uses the node's, checked at start).
   */
  public void check(JsonNode workspaceConfig) {
    Objects.requireNonNull(workspaceConfig, "workspaceConfig");
    if (!workspaceConfig.has("portal_auth") && !workspaceConfig.has("portal_auth_conf")) return;
    Resolved r = resolve(workspaceConfig);
    if (!r.ok()) {
      ObjectNode fields = Json.object();
      fields.set("config", r.errors());
      throw KongException.schemaViolation(fields);
    }
  }

  /** The login a workspace's portal offers, from its {@code config} over the node's settings. */
  Resolved resolve(JsonNode workspaceConfig) {
    ObjectNode errors = Json.object();
    String auth = nodeAuth;
    JsonNode own = workspaceConfig.get("portal_auth");
    if (own != null && !own.isNull()) {
      if (!own.isTextual()) {
        errors.put("portal_auth", "expected a string");
      } else if (own.asText().isEmpty() || own.asText().equals(BASIC_AUTH)) {
        auth = null;
      } else if (own.asText().equals(OPENID_CONNECT)) {
        auth = OPENID_CONNECT;
      } else {
        errors.put("portal_auth", unknown(own.asText()));
      }
    }
    JsonNode conf = nodeConf;
    JsonNode ownConf = workspaceConfig.get("portal_auth_conf");
    boolean confIsOwn = ownConf != null && !ownConf.isNull() && !(ownConf.isTextual() && ownConf.asText().isBlank());
    if (confIsOwn) {
      conf = ownConf.isTextual() ? read(ownConf.asText()) : ownConf;
      if (!conf.isObject()) errors.put("portal_auth_conf", "expected a JSON object, or a string holding one");
    }
    boolean passwords = !OPENID_CONNECT.equals(auth);
    if (!errors.isEmpty() || passwords) return new Resolved(null, passwords, errors);
    if (conf == null) {
      errors.put("portal_auth_conf", "required for portal_auth = openid-connect (the node sets none)");
      return new Resolved(null, false, errors);
    }
    try {
      return new Resolved(OidcLogin.Config.of(conf), false, errors);
    } catch (IllegalArgumentException e) {
      errors.put("portal_auth_conf", (confIsOwn ? "" : "the node's portal_auth_conf ") + e.getMessage());
      return new Resolved(null, false, errors);
    }
  }

  private static String unknown(String value) {
    String why = value.equals("key-auth") ? "; Kong Enterprise's key-auth is not offered" : "";
    return "expected one of: \"openid-connect\", \"basic-auth\" or \"\" (e-mail and password accounts)" + why;
  }

  /** JSON text as a tree; text that is not JSON becomes a string node, which no check takes for an object. */
  private static JsonNode read(String text) {
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      return n == null ? Json.MAPPER.getNodeFactory().textNode(text) : n;
    } catch (java.io.IOException e) {
      return Json.MAPPER.getNodeFactory().textNode(text);
    }
  }
}
