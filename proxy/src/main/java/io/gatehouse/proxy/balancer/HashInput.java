package io.gatehouse.proxy.balancer;

import io.gatehouse.core.model.Upstream;
import io.gatehouse.proxy.upstream.PickState;
import io.gatehouse.proxy.upstream.RequestFacts;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code get_value_to_hash}: the value of {@code hash_on}, else of {@code hash_fallback},
 * else the empty string. A missing hash cookie is generated and handed back for {@code Set-Cookie}.
 */
record HashInput(String on, @Nullable String onName, String fallback, @Nullable String fallbackName,
    @Nullable String cookie, String cookiePath) {

  static HashInput of(Upstream u) {
    return new HashInput(u.hashOn(), name(u.hashOn(), u.hashOnHeader(), u.hashOnQueryArg(), u.hashOnUriCapture()),
        u.hashFallback(), name(u.hashFallback(), u.hashFallbackHeader(), u.hashFallbackQueryArg(),
            u.hashFallbackUriCapture()),
        u.hashOnCookie(), u.hashOnCookiePath());
  }

  private static @Nullable String name(String source, @Nullable String header, @Nullable String arg,
      @Nullable String capture) {
    return switch (source) {
      case "header" -> header;
      case "query_arg" -> arg;
      case "uri_capture" -> capture;
      default -> null;
    };
  }

  /** Computes the value once per request (first try) into the state. */
  void computeInto(PickState state) {
    if (state.hashed()) return;
    if ("none".equals(on)) {
      state.hash(null);
      return;
    }
    String v = value(on, onName, state);
    if (v == null && !"none".equals(fallback)) v = value(fallback, fallbackName, state);
    state.hash(v == null ? "" : v);
  }

  private @Nullable String value(String source, @Nullable String name, PickState state) {
    RequestFacts f = state.facts();
    return switch (source) {
      case "consumer" -> f.consumerId();
      case "ip" -> f.clientIp();
      case "header" -> name == null ? null : f.header(name);
      case "cookie" -> cookie(state);
      case "path" -> f.path();
      case "query_arg" -> name == null ? null : f.queryArg(name);
      case "uri_capture" -> name == null ? null : f.uriCapture(name);
      default -> null;
    };
  }

  private @Nullable String cookie(PickState state) {
    if (cookie == null) return null;
    String v = state.facts().cookie(cookie);
    if (v == null) {
      v = UUID.randomUUID().toString();
      state.setCookie(cookie + "=" + v + "; Path=" + cookiePath + "; Same-Site=Lax; HttpOnly");
    }
    return v;
  }
}
