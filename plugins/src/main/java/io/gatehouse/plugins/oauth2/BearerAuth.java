package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Route;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** Kong's {@code do_authentication}: the bearer token's record, its service, its expiry, its consumer. */
final class BearerAuth {
  private final TokenStore store;

  BearerAuth(TokenStore store) {
    this.store = store;
  }

  CompletionStage<Outcome> check(OAuth2Rules rules, @Nullable String accessToken, @Nullable Route route,
      @Nullable String serviceId,
      long nowSeconds) {
    String realm = rules.realm();
    if (accessToken == null || accessToken.isEmpty()) {
      return CompletableFuture.completedFuture(new Outcome.Rejected(401,
          Outcome.error("invalid_request", "The access token is missing"), Map.of("WWW-Authenticate", "Bearer" + realm)));
    }
    return store.byAccessToken(accessToken).thenApply(found -> decide(rules, found, route, serviceId, nowSeconds, realm));
  }

  private static Outcome decide(OAuth2Rules rules, Optional<Token> found, @Nullable Route route,
      @Nullable String serviceId, long now,
      String realm) {
    Token t = found.orElse(null);
    if (t == null) {
      return invalid(realm, "The access token is invalid or has expired");
    }
    boolean global = rules.config().globalCredentials();
    if (!global && t.serviceId() == null) {
      return invalid(realm, "The access token is global, but the current plugin is configured without 'global_credentials'");
    }
    if (t.serviceId() != null && !t.serviceId().equals(serviceId)) {
      return invalid(realm, "The access token is invalid or has expired");
    }
    if (t.expiresIn() > 0 && now - t.createdAt() > t.expiresIn()) {
      return invalid(realm, "The access token is invalid or has expired");
    }
    Clients.Client client = rules.clients().byId(route, t.credentialId());
    Optional<Consumer> consumer = client == null ? Optional.empty() : rules.snapshot().consumerById(client.consumerId());
    if (consumer.isEmpty()) { // the application or its consumer was deleted
      return invalid(realm, "The access token is invalid or has expired");
    }
    return new Outcome.Authenticated(consumer.get(), new Credential(client.id(), client.consumerId(), client.clientId()), t);
  }

  private static Outcome invalid(String realm, String description) {
    return new Outcome.Rejected(401, Outcome.error("invalid_token", description), Map.of("WWW-Authenticate",
        "Bearer" + realm + " error=\"invalid_token\" error_description=\"The access token is invalid or has expired\""));
  }
}
