package io.gatehouse.plugins.session;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * Kong's logout test: the method is one of {@code logout_methods}, and the query carries
 * {@code logout_query_arg} or, with {@code read_body_for_logout}, a POST/PUT/PATCH/DELETE body
 * (form or JSON) carries {@code logout_post_arg}.
 */
final class Logout {
  private static final List<String> BODY_METHODS = List.of("DELETE", "PATCH", "POST", "PUT");

  private Logout() {}

  static boolean requested(AccessPhase ctx, SessionConfig c) {
    String method = ctx.request().method();
    if (!c.logoutMethods().contains(method)) {
      return false;
    }
    if (ctx.request().hasQueryArg(c.logoutQueryArg())) {
      return true;
    }
    if (!c.readBodyForLogout() || !BODY_METHODS.contains(method)) {
      return false;
    }
    RequestBody body = ctx.requestBody();
    if (body == null) {
      return false;
    }
    if (body.type() == io.gatehouse.sdk.BodyType.FORM) {
      List<String> form = body.form().get(c.logoutPostArg());
      return form != null && !form.isEmpty();
    }
    if (body.type() == io.gatehouse.sdk.BodyType.JSON && body.json() instanceof Map<?, ?> m) {
      Object v = m.get(c.logoutPostArg());
      return v != null && !Boolean.FALSE.equals(v);
    }
    return false;
  }
}
