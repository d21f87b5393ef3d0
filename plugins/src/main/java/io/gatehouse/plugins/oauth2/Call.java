package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Service;
import org.jspecify.annotations.Nullable;

/**
 * What an endpoint needs from the request, read on the event loop before the store is asked.
 *
 * @param httpsError null when the request counts as HTTPS (Kong's {@code check_https}), else the
 *     {@code access_denied} description
 */
record Call(OAuth2Rules rules, Params params, @Nullable String authHeader, @Nullable String httpsError,
    @Nullable String serviceId, @Nullable Route route, String pluginId, long nowSeconds) {

  static Call of(AccessPhase ctx, OAuth2Rules rules) {
    Service s = ctx.service();
    return new Call(rules, Params.of(ctx), ctx.request().header(rules.config().authHeaderName()),
        httpsError(ctx, rules.config()), s == null ? null : s.id(), ctx.route(), ctx.pluginId(), ctx.nowMillis() / 1000);
  }

  /**
   * Kong's {@code check_https}: the listener is TLS, or {@code accept_http_if_already_terminated} and
   * a peer in {@code trusted_ips} sent exactly one {@code X-Forwarded-Proto: https}.
   */
  private static @Nullable String httpsError(AccessPhase ctx, OAuth2Config c) {
    if (ctx.request().scheme().equalsIgnoreCase("https")) {
      return null;
    }
    if (!c.acceptHttpIfAlreadyTerminated()) {
      return "You must use HTTPS";
    }
    String forwarded = ctx.request().forwardedScheme(); // the listener's scheme unless the peer is trusted
    if (forwarded.contains(",")) {
      return "Only one X-Forwarded-Proto header allowed";
    }
    return forwarded.equalsIgnoreCase("https") ? null : "You must use HTTPS";
  }

  OAuth2Config config() {
    return rules.config();
  }

  /** The service a token or code is bound to: none with {@code global_credentials}. */
  @Nullable String boundService() {
    return config().globalCredentials() ? null : serviceId;
  }
}
