package io.gatehouse.plugins.openidconnect;

import io.gatehouse.plugins.functioncall.FunctionHttp;
import io.gatehouse.plugins.openidconnect.Flows.Outcome;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Snapshot;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * openid-connect (Kong Enterprise's relying party, priority 1050, open here): bearer JWTs verified
 * against the issuer's discovered keys, opaque tokens introspected, password and client
 * credentials grants made for the client, the authorization code flow with PKCE ending in an
 * encrypted session cookie, refreshed with its refresh token. Discovery, key fetches and every
 * provider call run on the JDK HTTP client's threads; a request whose answer is already known
 * (keys cached, token cached) completes inline on the event loop.
 */
@PluginInfo(name = "openid-connect", priority = 1050)
public final class OpenIdConnectPlugin implements PreparedPlugin<OpenIdConnectConfig, Prepared> {
  static final String COOKIES_KEY = "openid_connect_set_cookies";
  private static final Set<String> SUPPORTED_CLIENT_AUTH = Set.of("client_secret_basic", "client_secret_post", "none");
  /** Without session_secret or client_secret, sessions are sealed with a secret of this process. */
  private static final String PROCESS_SECRET = randomSecret();

  private final LongSupplier clockMillis;
  private final Map<Provider.Source, Provider> providers = new ConcurrentHashMap<>();

  public OpenIdConnectPlugin() {
    this(System::currentTimeMillis);
  }

  /** @param clockMillis epoch millis deciding token and cookie expiry (tests) */
  public OpenIdConnectPlugin(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != OpenIdConnectConfig.class) {
      return EntityChecks.NONE;
    }
    return EntityChecks.NONE
        .custom(List.of("config.client_auth", "config.token_endpoint_auth_method", "config.introspection_endpoint_auth_method"),
            v -> {
              List<Object> methods = new ArrayList<>();
              if (v.get("config.client_auth") instanceof List<?> l) {
                methods.addAll(l);
              }
              methods.add(v.get("config.token_endpoint_auth_method"));
              methods.add(v.get("config.introspection_endpoint_auth_method"));
              for (Object m : methods) {
                if (m instanceof String s && !SUPPORTED_CLIENT_AUTH.contains(s)) {
                  return "client authentication '" + s + "' is not supported (use client_secret_basic, client_secret_post or none)";
                }
              }
              return null;
            })
        .custom(List.of("config.upstream_headers_claims", "config.upstream_headers_names"), v -> {
          int claims = v.get("config.upstream_headers_claims") instanceof List<?> l ? l.size() : 0;
          int names = v.get("config.upstream_headers_names") instanceof List<?> l ? l.size() : 0;
          return claims != names ? "upstream_headers_claims and upstream_headers_names must have the same length" : null;
        });
  }

  @Override
  public Prepared prepare(OpenIdConnectConfig c, Snapshot snapshot) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> names = c.discoveryHeadersNames() == null ? List.of() : c.discoveryHeadersNames();
    List<String> values = c.discoveryHeadersValues() == null ? List.of() : c.discoveryHeadersValues();
    for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
      headers.put(names.get(i), values.get(i));
    }
    List<URI> extra = c.extraJwksUris() == null ? List.of() : c.extraJwksUris().stream().sorted().map(URI::create).toList();
    Provider.Source source = new Provider.Source(Provider.discoveryUri(c.issuer()), Map.copyOf(headers), extra,
        c.sslVerify(), (long) c.timeout());
    Provider provider = providers.computeIfAbsent(source,
        s -> new Provider(s, FunctionHttp.client(s.sslVerify(), null), () -> clockMillis.getAsLong() * 1_000_000L));
    String secret = c.sessionSecret() != null ? c.sessionSecret()
        : c.firstClientSecret() != null ? "openid-connect " + c.issuer() + " " + c.firstClientId() + " " + c.firstClientSecret()
        : PROCESS_SECRET;
    TokenVerifier.Rules rules = new TokenVerifier.Rules(c.verifySignature(), c.verifyClaims(), (long) Math.ceil(c.leeway()),
        c.issuersAllowed());
    // instances asking for other scopes must not share token answers
    String prefix = ProviderCalls.digest(c.issuer() + " " + c.tokenEndpoint() + " " + c.scopes()) + " ";
    return new Prepared(c, provider, new ProviderCalls(c.sslVerify(), (long) c.timeout()), new OidcCookies(c, secret), rules,
        c.clientId() == null ? List.of() : List.copyOf(c.clientId()), snapshot,
        snapshot.shared(Prepared.Consumers.class, Prepared.Consumers::of), prefix);
  }

  /** The body is read only when a credential may be in it and none is in the headers. */
  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    String method = request.method();
    OpenIdConnectConfig c = p.config();
    boolean logout = c.logoutPostArg() != null && c.logoutMethods().contains(method);
    if (!(method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || logout)
        || request.header("Authorization") != null && !logout) {
      return false;
    }
    String type = request.header("Content-Type");
    if (type == null) {
      return false;
    }
    type = type.toLowerCase(Locale.ROOT);
    return (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("application/json"))
        && (logout || c.bearerTokenParamType().contains("body") || c.passwordParamType().contains("body")
        || c.clientCredentialsParamType().contains("body"));
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    OpenIdConnectConfig c = p.config();
    if (!c.runOnPreflight() && ctx.request().method().equals("OPTIONS")) {
      return null;
    }
    if (c.anonymous() != null && ctx.credential() != null) {
      return null; // an earlier auth plugin accepted a credential (Kong's logical OR)
    }
    Offer offer = Offer.of(ctx.request(), ctx.requestBody(), c);
    CompletableFuture<Outcome> outcome = Flows.run(p, offer, clockMillis.getAsLong() / 1000);
    if (outcome.isDone() && !outcome.isCompletedExceptionally()) {
      resume(ctx, p, outcome.join()); // keys and answers were cached: nothing to wait for
      return null;
    }
    return outcome;
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    Outcomes.apply(ctx, p, (Outcome) java.util.Objects.requireNonNull(result, "outcome"));
  }

  /** Sends the cookies the access phase decided on, whatever the response. */
  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    if (ctx.shared().get(COOKIES_KEY) instanceof List<?> cookies) {
      for (Object cookie : cookies) {
        ctx.responseHeaders().add("Set-Cookie", (String) cookie);
      }
    }
  }

  private static String randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
