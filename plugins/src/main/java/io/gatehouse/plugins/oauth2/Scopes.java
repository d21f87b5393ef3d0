package io.gatehouse.plugins.oauth2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Kong's {@code retrieve_scope}: the requested scopes, each one of {@code scopes}. */
final class Scopes {
  private Scopes() {}

  /** The granted scope string (null: none), or an error body. */
  record Result(@Nullable String scope, @Nullable Map<String, Object> error) {}

  static Result of(Params params, OAuth2Config c) {
    Object raw = params.raw("scope");
    if (c.scopes() != null && raw != null) {
      if (!(raw instanceof String scope)) {
        return new Result(null, Outcome.error("invalid_scope", "scope must be a string"));
      }
      List<String> granted = new ArrayList<>();
      for (String s : scope.trim().split("\\s+")) {
        if (s.isEmpty()) {
          continue;
        }
        if (!c.scopes().contains(s)) {
          return new Result(null, Outcome.error("invalid_scope", "\"" + s + "\" is an invalid scope"));
        }
        granted.add(s);
      }
      return new Result(granted.isEmpty() ? null : String.join(" ", granted), null);
    }
    if (raw == null && c.mandatoryScope()) {
      return new Result(null, Outcome.error("invalid_scope", "You must specify a scope"));
    }
    return new Result(null, null);
  }
}
