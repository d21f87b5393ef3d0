package io.gatehouse.plugins.oauth2;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An authorization code's grant as stored (Kong's {@code oauth2_authorization_codes} row), keyed by the code's digest. */
record AuthCode(String credentialId, @Nullable String serviceId, @Nullable String authenticatedUserid,
    @Nullable String scope, @Nullable String challenge, @Nullable String challengeMethod, String pluginId) {

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("credential_id", credentialId);
    m.put("service_id", serviceId);
    m.put("authenticated_userid", authenticatedUserid);
    m.put("scope", scope);
    m.put("challenge", challenge);
    m.put("challenge_method", challengeMethod);
    m.put("plugin_id", pluginId);
    return JSONObjectUtils.toJSONString(m);
  }

  static AuthCode fromJson(String json) {
    try {
      Map<String, Object> m = JSONObjectUtils.parse(json);
      return new AuthCode((String) m.get("credential_id"), (String) m.get("service_id"),
          (String) m.get("authenticated_userid"), (String) m.get("scope"), (String) m.get("challenge"),
          (String) m.get("challenge_method"), (String) m.get("plugin_id"));
    } catch (ParseException | RuntimeException e) {
      throw new IllegalStateException("oauth2: unreadable authorization code record", e);
    }
  }
}
