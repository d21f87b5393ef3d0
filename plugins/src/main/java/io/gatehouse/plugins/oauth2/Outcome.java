package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the off-loop part of a request decided; applied on the request's event loop. */
sealed interface Outcome {

  /** Answer the client (the endpoints' JSON, Kong's {@code kong.response.exit}). */
  record Exit(int status, Map<String, Object> body, Map<String, String> headers) implements Outcome {}

  /** A valid bearer token. */
  record Authenticated(Consumer consumer, Credential credential, Token token) implements Outcome {}

  /** No valid token: the anonymous consumer when configured, else this answer. */
  record Rejected(int status, Map<String, Object> body, Map<String, String> headers) implements Outcome {}

  /** Kong's OAuth error body. */
  static Map<String, Object> error(String error, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", error);
    m.put("error_description", description);
    return m;
  }

  /** The endpoints' cache headers (and a challenge when given). */
  static Map<String, String> noStore(String wwwAuthenticate) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("cache-control", "no-store");
    h.put("pragma", "no-cache");
    if (wwwAuthenticate != null) {
      h.put("www-authenticate", wwwAuthenticate);
    }
    return h;
  }
}
