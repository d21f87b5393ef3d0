package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST …/oauth2/token}: Kong's {@code issue_token}, grant by grant (authorization_code with
 * PKCE, client_credentials, password, refresh_token), with Kong's order of checks, error bodies and
 * statuses (401 with {@code Basic realm="OAuth2.0"} when the client authenticated with a header).
 */
final class TokenEndpoint {
  private static final Pattern BASIC = Pattern.compile("\\s*[Bb]asic\\s*(.+)");

  private final TokenStore store;

  TokenEndpoint(TokenStore store) {
    this.store = store;
  }

  /** The client's id and secret: parameters, else the Basic header (Kong's {@code retrieve_client_credentials}). */
  private record ClientAuth(@Nullable String id, @Nullable String secret, boolean fromHeader) {}

  private static ClientAuth clientAuth(Call call) {
    Params p = call.params();
    if (p.text("client_id") != null && p.text("client_secret") != null) {
      return new ClientAuth(p.text("client_id"), p.text("client_secret"), false);
    }
    if (call.authHeader() != null) {
      Matcher m = BASIC.matcher(call.authHeader());
      if (m.lookingAt()) {
        try {
          String decoded = new String(Base64.getDecoder().decode(m.group(1).trim()), StandardCharsets.UTF_8);
          int colon = decoded.indexOf(':');
          return colon < 0 ? new ClientAuth(decoded, null, true)
              : new ClientAuth(decoded.substring(0, colon), decoded.substring(colon + 1), true);
        } catch (IllegalArgumentException e) {
          return new ClientAuth(null, null, true);
        }
      }
      return new ClientAuth(null, null, true);
    }
    return new ClientAuth(p.text("client_id"), null, false);
  }

  CompletionStage<Outcome> handle(Call call) {
    Object state = call.params().raw("state");
    if (call.httpsError() != null) {
      return done(400, Outcome.error("access_denied", call.httpsError()), state, null);
    }
    OAuth2Config c = call.config();
    Params p = call.params();
    String grant = p.text("grant_type");
    Map<String, Object> error = null;
    if (!("authorization_code".equals(grant) || "refresh_token".equals(grant)
        || (c.enableClientCredentials() && "client_credentials".equals(grant))
        || (c.enablePasswordGrant() && "password".equals(grant)))) {
      error = Outcome.error("unsupported_grant_type", "Invalid grant_type");
    }
    ClientAuth auth = clientAuth(call);
    Clients.Client client = call.rules().clients().byClientId(call.route(), auth.id());
    String challenge = null;
    if (!"client_credentials".equals(grant)) {
      if (client != null && !client.redirectUris().isEmpty()) {
        String redirect = p.text("redirect_uri") != null ? p.text("redirect_uri") : client.redirectUris().getFirst();
        if (!client.redirectUris().contains(redirect)) {
          error = Outcome.error("invalid_request",
              "Invalid redirect_uri that does not match with any redirect_uri created with the application");
        }
      } else {
        error = Outcome.error("invalid_client", "Invalid client authentication");
        challenge = auth.fromHeader() ? "Basic realm=\"OAuth2.0\"" : null;
      }
    }
    if (client != null) {
      if (!client.publicClient()) {
        if (!ClientSecrets.matches(client, auth.secret())) {
          error = Outcome.error("invalid_client", "Invalid client authentication");
          challenge = auth.fromHeader() ? "Basic realm=\"OAuth2.0\"" : null;
        }
      } else if (auth.secret() != null && !auth.secret().isBlank()) {
        error = Outcome.error("invalid_request", "client_secret is disallowed for public clients");
      }
    }
    if (error != null) {
      return done(challenge != null ? 401 : 400, error, state, challenge);
    }
    return switch (grant) {
      case "authorization_code" -> authorizationCode(call, client, state);
      case "client_credentials" -> clientCredentials(call, client, state);
      case "password" -> password(call, client, state);
      default -> refresh(call, client, state);
    };
  }

  private CompletionStage<Outcome> authorizationCode(Call call, Clients.Client client, @Nullable Object state) {
    String code = call.params().text("code");
    if (code == null) {
      return done(400, Outcome.error("invalid_request", "Invalid code"), state, null);
    }
    String service = call.boundService();
    return store.code(code).thenCompose(found -> {
      AuthCode grant = found.orElse(null);
      if (grant == null || (service != null && !service.equals(grant.serviceId()))
          || !grant.credentialId().equals(client.id())) {
        return done(400, Outcome.error("invalid_request", "Invalid code"), state, null);
      }
      if (Pkce.required(call.config(), client, grant.challengeMethod() != null)) {
        Map<String, Object> err = Pkce.verify(call.params(), grant);
        if (err != null) {
          return done(400, err, state, null);
        }
      }
      if (call.config().globalCredentials() && !grant.pluginId().equals(call.pluginId())) {
        return done(400, Outcome.error("invalid_request", "Invalid code"), state, null);
      }
      return store.spend(code).thenCompose(won -> !won // another request used it in between
          ? done(400, Outcome.error("invalid_request", "Invalid code"), state, null)
          : issued(store.issue(call.config(), call.serviceId(), client, grant.authenticatedUserid(), grant.scope(),
              state, false, null, null, call.nowSeconds())));
    });
  }

  private CompletionStage<Outcome> clientCredentials(Call call, Clients.@Nullable Client client, @Nullable Object state) {
    Params p = call.params();
    if (p.raw("authenticated_userid") != null && !provisionKeyMatches(call)) {
      return done(400, Outcome.error("invalid_provision_key", "Invalid provision_key"), state, null);
    }
    if (client == null) {
      return done(400, Outcome.error("invalid_client", "Invalid client authentication"), state, null);
    }
    Scopes.Result scope = Scopes.of(p, call.config());
    if (scope.error() != null) {
      return done(400, scope.error(), state, null);
    }
    return issued(store.issue(call.config(), call.serviceId(), client, p.text("authenticated_userid"), scope.scope(),
        state, true, null, null, call.nowSeconds()));
  }

  private CompletionStage<Outcome> password(Call call, Clients.Client client, @Nullable Object state) {
    Params p = call.params();
    if (!provisionKeyMatches(call)) {
      return done(400, Outcome.error("invalid_provision_key", "Invalid provision_key"), state, null);
    }
    if (!p.has("authenticated_userid")) {
      return done(400, Outcome.error("invalid_authenticated_userid", "Missing authenticated_userid parameter"), state, null);
    }
    Scopes.Result scope = Scopes.of(p, call.config());
    if (scope.error() != null) {
      return done(400, scope.error(), state, null);
    }
    return issued(store.issue(call.config(), call.serviceId(), client, p.text("authenticated_userid"), scope.scope(),
        state, false, null, null, call.nowSeconds()));
  }

  private CompletionStage<Outcome> refresh(Call call, Clients.Client client, @Nullable Object state) {
    String refreshToken = call.params().text("refresh_token");
    CompletionStage<Optional<Token>> lookup = refreshToken == null
        ? CompletableFuture.completedFuture(Optional.empty()) : store.byRefreshToken(refreshToken);
    String service = call.boundService();
    OAuth2Config c = call.config();
    return lookup.thenCompose(found -> {
      Token token = found.orElse(null);
      if (token == null || (service != null && !service.equals(token.serviceId()))) {
        return done(400, Outcome.error("invalid_request", "Invalid refresh_token"), state, null);
      }
      if (!token.credentialId().equals(client.id())) {
        return done(400, Outcome.error("invalid_client", "Invalid client authentication"), state, null);
      }
      if (token.scope() != null) {
        for (String s : token.scope().split("\\s+")) {
          if (c.scopes() == null || !c.scopes().contains(s)) {
            return done(400, Outcome.error("invalid_scope", "Scope mismatch"), state, null);
          }
        }
      }
      if (c.reuseRefreshToken()) {
        return issued(store.issue(c, call.serviceId(), client, token.authenticatedUserid(), token.scope(), state,
            false, token, refreshToken, call.nowSeconds()));
      }
      return store.retire(token).thenCompose(won -> !won // the refresh token was used in between
          ? done(400, Outcome.error("invalid_request", "Invalid refresh_token"), state, null)
          : issued(store.issue(c, call.serviceId(), client, token.authenticatedUserid(), token.scope(), state,
              false, null, null, call.nowSeconds())));
    });
  }

  private static boolean provisionKeyMatches(Call call) {
    return Secrets.constantTimeEquals(call.config().provisionKey(), call.params().text("provision_key"));
  }

  private static CompletionStage<Outcome> issued(CompletionStage<Map<String, Object>> params) {
    return params.thenApply(body -> new Outcome.Exit(200, body, Outcome.noStore(null)));
  }

  private static CompletionStage<Outcome> done(int status, Map<String, Object> body, @Nullable Object state,
      @Nullable String wwwAuthenticate) {
    if (state != null) {
      body.put("state", state);
    }
    return CompletableFuture.completedFuture(new Outcome.Exit(status, body, Outcome.noStore(wwwAuthenticate)));
  }
}
