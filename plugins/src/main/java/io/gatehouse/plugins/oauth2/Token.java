package io.gatehouse.plugins.oauth2;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An issued token as stored (Kong's {@code oauth2_tokens} row, minus the secrets): the access and
 * refresh tokens themselves are kept only as digests, in the record keys.
 *
 * @param key the access token's digest (the record key)
 * @param refreshKey the refresh token's digest, or null without one
 * @param createdAt epoch seconds
 */
record Token(String key, String id, String credentialId, @Nullable String serviceId, long expiresIn, long createdAt,
    @Nullable String scope, @Nullable String authenticatedUserid, @Nullable String refreshKey) {

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("credential_id", credentialId);
    m.put("service_id", serviceId);
    m.put("expires_in", expiresIn);
    m.put("created_at", createdAt);
    m.put("scope", scope);
    m.put("authenticated_userid", authenticatedUserid);
    m.put("refresh_key", refreshKey);
    return JSONObjectUtils.toJSONString(m);
  }

  static Token fromJson(String key, String json) {
    try {
      Map<String, Object> m = JSONObjectUtils.parse(json);
      return new Token(key, (String) m.get("id"), (String) m.get("credential_id"), (String) m.get("service_id"),
          ((Number) m.get("expires_in")).longValue(), ((Number) m.get("created_at")).longValue(),
          (String) m.get("scope"), (String) m.get("authenticated_userid"), (String) m.get("refresh_key"));
    } catch (ParseException | RuntimeException e) {
      throw new IllegalStateException("oauth2: unreadable token record " + key, e);
    }
  }

  /** As Kong's Admin API shows a token (the secrets are not kept, so they are not shown). */
  Map<String, @Nullable Object> toAdmin() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("created_at", createdAt);
    m.put("credential", Map.of("id", credentialId));
    m.put("service", serviceId == null ? null : Map.of("id", serviceId));
    m.put("token_type", "bearer");
    m.put("expires_in", expiresIn);
    m.put("scope", scope);
    m.put("authenticated_userid", authenticatedUserid);
    return m;
  }
}
