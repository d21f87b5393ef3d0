package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.AdminEndpoint.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code /oauth2_tokens} Admin API over the plugin records: list, show and revoke. A token is
 * addressed by its id or by the access token itself (Kong's endpoint key). The secrets are kept as
 * digests only, so {@code access_token}/{@code refresh_token} are not shown.
 */
final class TokensAdmin {
  private static final Map<String, String> NOT_FOUND = Map.of("message", "Not found");
  private static final int PAGE = 1000;

  private final Supplier<@Nullable TokenStore> store;

  TokensAdmin(Supplier<@Nullable TokenStore> store) {
    this.store = store;
  }

  List<AdminEndpoint> endpoints() {
    return List.of(
        new AdminEndpoint("GET", "/oauth2_tokens", c -> list()),
        new AdminEndpoint("GET", "/oauth2_tokens/{token}", c -> find(c.get("token"))
            .map(t -> new Reply(200, t.toAdmin())).orElse(new Reply(404, NOT_FOUND))),
        new AdminEndpoint("DELETE", "/oauth2_tokens/{token}", c -> find(c.get("token"))
            .map(t -> {
              wait(store().delete(t));
              return new Reply(204, null);
            }).orElse(new Reply(404, NOT_FOUND))));
  }

  private TokenStore store() {
    TokenStore s = store.get();
    if (s == null) {
      throw new IllegalStateException("oauth2: this node offers no plugin records");
    }
    return s;
  }

  private Reply list() {
    List<Object> data = new ArrayList<>();
    for (Token t : wait(store().list(null, PAGE))) {
      data.add(t.toAdmin());
    }
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("next", null);
    return new Reply(200, body);
  }

  /** By access token (its digest is the key), else by id (a scan: tokens are few on the Admin side). */
  private Optional<Token> find(@Nullable String idOrToken) {
    if (idOrToken == null) {
      return Optional.empty();
    }
    Optional<Token> byToken = wait(store().byAccessToken(idOrToken));
    if (byToken.isPresent()) {
      return byToken;
    }
    String after = null;
    while (true) {
      List<Token> page = wait(store().list(after, PAGE));
      for (Token t : page) {
        if (t.id().equals(idOrToken)) {
          return Optional.of(t);
        }
      }
      if (page.size() < PAGE) {
        return Optional.empty();
      }
      after = page.getLast().key();
    }
  }

  private static <T> T wait(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("oauth2: token store failed: " + e.getMessage(), e);
    }
  }
}
