package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST …/oauth2/authorize}: Kong's {@code authorize}, called by the application's login page
 * with the {@code provision_key} once the user consented. Answers {@code {"redirect_uri": …}} with
 * the code in the query (or, implicit grant, the token in the fragment), or Kong's error body; the
 * later of several failed checks wins, as in Kong.
 */
final class AuthorizeEndpoint {
  private final TokenStore store;

  AuthorizeEndpoint(TokenStore store) {
    this.store = store;
  }

  CompletionStage<Outcome> handle(Call call) {
    OAuth2Config c = call.config();
    Params p = call.params();
    Object state = p.raw("state");
    Map<String, Object> error = null;
    String redirectUri = null;
    Clients.Client client = null;
    String scope = null;
    Pkce.Challenge pkce = null;
    String responseType = p.text("response_type");
    if (call.httpsError() != null) {
      error = Outcome.error("access_denied", call.httpsError());
    } else if (!Secrets.constantTimeEquals(c.provisionKey(), p.text("provision_key"))) {
      error = Outcome.error("invalid_provision_key", "Invalid provision_key");
    } else if (!p.has("authenticated_userid")) {
      error = Outcome.error("invalid_authenticated_userid", "Missing authenticated_userid parameter");
    } else {
      if (!(("code".equals(responseType) && c.enableAuthorizationCode())
          || (c.enableImplicitGrant() && "token".equals(responseType)))) {
        error = Outcome.error("unsupported_response_type", "Invalid response_type");
      }
      Scopes.Result scopes = Scopes.of(p, c);
      if (scopes.error() != null) {
        error = scopes.error();
      }
      scope = scopes.scope();
      client = call.rules().clients().byClientId(call.route(), p.text("client_id"));
      if (client == null || client.redirectUris().isEmpty()) {
        error = Outcome.error("invalid_client", "Invalid client authentication");
      } else {
        redirectUri = p.text("redirect_uri") != null ? p.text("redirect_uri") : client.redirectUris().getFirst();
        if (!client.redirectUris().contains(redirectUri)) {
          error = Outcome.error("invalid_request",
              "Invalid redirect_uri that does not match with any redirect_uri created with the application");
          redirectUri = client.redirectUris().getFirst(); // errors go to the first registered one
        }
      }
      pkce = Pkce.challenge(p);
      if (pkce.error() != null) {
        error = Outcome.error("invalid_request", pkce.error());
      } else if (client != null && pkce.challenge() == null && Pkce.required(c, client, false)) {
        error = Outcome.error("invalid_request", "code_challenge is required for " + client.clientType() + " clients");
      }
    }
    if (error != null) {
      return CompletableFuture.completedFuture(answer(error, state, redirectUri, false));
    }
    String userid = p.text("authenticated_userid");
    String target = redirectUri;
    if ("code".equals(responseType)) {
      AuthCode grant = new AuthCode(client.id(), call.boundService(), userid, scope, pkce.challenge(), pkce.method(),
          call.pluginId());
      return store.newCode(grant, call.nowSeconds()).thenApply(code -> {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("code", code);
        return answer(params, state, target, false);
      });
    }
    return store.issue(c, call.serviceId(), client, userid, scope, state, true, null, null, call.nowSeconds())
        .thenApply(params -> answer(params, state, target, true));
  }

  private static Outcome answer(Map<String, Object> params, @Nullable Object state, @Nullable String redirectUri,
      boolean implicit) {
    if (state != null) {
      params.put("state", state);
    }
    int status = params.containsKey("error") ? 400 : 200;
    if (redirectUri == null) {
      return new Outcome.Exit(status, params, Outcome.noStore(null));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("redirect_uri", withParams(redirectUri, params, implicit));
    return new Outcome.Exit(status, body, Outcome.noStore(null));
  }

  /** The redirect URI with the parameters merged into its query (implicit grant: its fragment), keys sorted. */
  static String withParams(String redirectUri, Map<String, Object> params, boolean implicit) {
    URI uri;
    try {
      uri = new URI(redirectUri);
    } catch (URISyntaxException e) {
      return redirectUri;
    }
    String existing = implicit ? uri.getRawFragment() : uri.getRawQuery();
    Map<String, Object> merged = new TreeMap<>(Params.query(existing));
    merged.putAll(params);
    StringBuilder encoded = new StringBuilder();
    merged.forEach((k, v) -> {
      if (!encoded.isEmpty()) {
        encoded.append('&');
      }
      encoded.append(escape(k));
      if (!Boolean.TRUE.equals(v)) {
        encoded.append('=').append(escape(String.valueOf(v)));
      }
    });
    StringBuilder out = new StringBuilder();
    out.append(uri.getScheme()).append("://").append(uri.getRawAuthority())
        .append(uri.getRawPath() == null ? "" : uri.getRawPath());
    String query = implicit ? uri.getRawQuery() : encoded.toString();
    String fragment = implicit ? encoded.toString() : uri.getRawFragment();
    if (query != null && !query.isEmpty()) {
      out.append('?').append(query);
    }
    if (fragment != null && !fragment.isEmpty()) {
      out.append('#').append(fragment);
    }
    return out.toString();
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
