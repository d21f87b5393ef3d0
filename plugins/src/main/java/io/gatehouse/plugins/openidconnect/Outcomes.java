package io.gatehouse.plugins.openidconnect;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.openidconnect.Flows.Authenticated;
import io.gatehouse.plugins.openidconnect.Flows.Denied;
import io.gatehouse.plugins.openidconnect.Flows.Login;
import io.gatehouse.plugins.openidconnect.Flows.Outcome;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@link Outcome} into the response, on the request's event loop: authorization checks
 * ({@code scopes_required}, {@code audience_required}, {@code groups_required},
 * {@code roles_required}, {@code claims_forbidden}: 403), consumer mapping ({@code consumer_claim}
 * by {@code consumer_by}), the upstream headers, or Kong's 401/403 with a {@code Bearer}
 * challenge naming the host and, for a bad token, {@code error="invalid_token"}.
 */
final class Outcomes {
  private Outcomes() {}

  static void apply(AccessPhase ctx, Prepared p, Outcome outcome) {
    switch (outcome) {
      case Login l -> {
        cookies(ctx, l.cookies());
        ctx.exit(302, null, Map.of("Location", l.location()));
      }
      case Denied d -> {
        cookies(ctx, d.cookies());
        unauthorized(ctx, p, d.error(), d.reason());
      }
      case Flows.LoggedOut out -> {
        cookies(ctx, out.cookies());
        if (out.location() == null) {
          ctx.exit(200, null, Map.of());
        } else {
          ctx.exit(302, null, Map.of("Location", out.location()));
        }
      }
      case Authenticated a -> authenticated(ctx, p, a);
    }
  }

  private static void authenticated(AccessPhase ctx, Prepared p, Authenticated a) {
    OpenIdConnectConfig c = p.config();
    Map<String, Object> claims = a.claims();
    String forbidden = forbidden(c, claims);
    if (forbidden != null) {
      cookies(ctx, a.cookies());
      ctx.error(403, message(c.forbiddenErrorMessage(), c, forbidden), Map.of("WWW-Authenticate",
          challenge(ctx, "insufficient_scope")));
      return;
    }
    Consumer consumer = null;
    if (c.consumerClaim() != null && !c.consumerClaim().isEmpty()) {
      consumer = consumer(p, claims);
      if (consumer == null && !c.consumerOptional()) {
        cookies(ctx, a.cookies());
        ctx.error(403, message(c.forbiddenErrorMessage(), c, "consumer was not found"), Map.of());
        return;
      }
    }
    cookies(ctx, a.cookies());
    if (a.redirect() != null) { // a finished login: back to where the browser first went, without code and state
      ctx.exit(302, null, Map.of("Location", a.redirect()));
      return;
    }
    upstream(ctx, c, a);
    List<String> subject = Claims.values(claims, c.credentialClaim());
    String credentialId = subject.isEmpty() ? a.method() : subject.getFirst();
    if (c.authenticatedGroupsClaim() != null && !c.authenticatedGroupsClaim().isEmpty()) {
      ctx.setAuthenticatedGroups(Claims.values(claims, c.authenticatedGroupsClaim()));
    }
    if (consumer != null) {
      ctx.authenticate(consumer, new Credential(credentialId, consumer.id(), credentialId));
    } else {
      ctx.authenticate(new Credential(credentialId, null, credentialId));
    }
  }

  /** Null when the claims pass every authorization check, else why not. */
  private static @Nullable String forbidden(OpenIdConnectConfig c, Map<String, Object> claims) {
    if (!Claims.satisfies(claims, c.scopesClaim(), c.scopesRequired())) {
      return "required scopes were not found";
    }
    if (!Claims.satisfies(claims, c.audienceClaim(), c.audienceRequired())) {
      return "required audience was not found";
    }
    if (!Claims.satisfies(claims, c.groupsClaim(), c.groupsRequired())) {
      return "required groups were not found";
    }
    if (!Claims.satisfies(claims, c.rolesClaim(), c.rolesRequired())) {
      return "required roles were not found";
    }
    if (c.claimsForbidden() != null) {
      for (String claim : c.claimsForbidden()) {
        if (claims.containsKey(claim)) {
          return "forbidden claim '" + claim + "' was found";
        }
      }
    }
    return null;
  }

  private static @Nullable Consumer consumer(Prepared p, Map<String, Object> claims) {
    for (String value : Claims.values(claims, p.config().consumerClaim())) {
      for (String by : p.config().consumerBy()) {
        Consumer found = p.consumers().find(by, value);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static void upstream(AccessPhase ctx, OpenIdConnectConfig c, Authenticated a) {
    if (c.hideCredentials()) {
      ctx.upstream().removeHeader("Authorization");
      ctx.upstream().removeHeader("access-token");
      ctx.upstream().removeHeader("x-access-token");
      for (String arg : List.of("access_token", "username", "password", "client_id", "client_secret")) {
        ctx.upstream().removeQueryArg(arg);
      }
    }
    tokenHeader(ctx, c.upstreamAccessTokenHeader(), a.tokens().accessToken());
    tokenHeader(ctx, c.upstreamIdTokenHeader(), a.tokens().idToken());
    tokenHeader(ctx, c.upstreamRefreshTokenHeader(), a.tokens().refreshToken());
    if (c.upstreamIntrospectionHeader() != null && a.introspection() != null) {
      try {
        ctx.upstream().setHeader(c.upstreamIntrospectionHeader(), Base64.getUrlEncoder().withoutPadding()
            .encodeToString(Json.MAPPER.writeValueAsString(a.introspection()).getBytes(StandardCharsets.UTF_8)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    List<String> claims = c.upstreamHeadersClaims();
    List<String> names = c.upstreamHeadersNames();
    if (claims != null && names != null) {
      for (int i = 0; i < Math.min(claims.size(), names.size()); i++) {
        String value = Claims.headerValue(a.claims().get(claims.get(i)));
        if (value != null) {
          ctx.upstream().setHeader(names.get(i), value);
        }
      }
    }
  }

  /** Kong's {@code name[:type]}: {@code authorization:bearer} sends {@code Authorization: Bearer <token>}. */
  private static void tokenHeader(AccessPhase ctx, @Nullable String spec, @Nullable String token) {
    if (spec == null || token == null) {
      return;
    }
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String type = colon < 0 ? "" : spec.substring(colon + 1).strip();
    ctx.upstream().setHeader(name, type.equalsIgnoreCase("bearer") ? "Bearer " + token
        : type.equalsIgnoreCase("basic") ? "Basic " + token : token);
  }

  private static void unauthorized(AccessPhase ctx, Prepared p, @Nullable String error, String reason) {
    OpenIdConnectConfig c = p.config();
    AuthOutcome.fail(ctx, p.snapshot(), c.anonymous(), 401, message(c.unauthorizedErrorMessage(), c, reason),
        Map.of("WWW-Authenticate", challenge(ctx, error)));
  }

  private static String challenge(AccessPhase ctx, @Nullable String error) {
    String realm = "Bearer realm=\"" + ctx.request().host() + "\"";
    return error == null ? realm : realm + ", error=\"" + error + "\"";
  }

  private static String message(String message, OpenIdConnectConfig c, String reason) {
    return c.displayErrors() ? message + " (" + reason + ")" : message;
  }

  @SuppressWarnings("unchecked")
  private static void cookies(AccessPhase ctx, List<String> cookies) {
    if (cookies.isEmpty()) {
      return;
    }
    Object list = ctx.shared().computeIfAbsent(OpenIdConnectPlugin.COOKIES_KEY, k -> new ArrayList<String>());
    ((List<String>) list).addAll(cookies);
  }
}
