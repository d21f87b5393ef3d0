package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The snapshot's {@code oauth2_credentials}, by client_id and by id: built once per config version.
 * A route sees only the applications of its own workspace. */
final class Clients {

  /** One application (Kong's oauth2 credential). */
  record Client(String id, String consumerId, String clientId, @Nullable String clientSecret, boolean hashSecret,
      List<String> redirectUris, boolean publicClient) {
    String clientType() {
      return publicClient ? "public" : "confidential";
    }
  }

  private final ByWorkspace<String, Client> byClientId = new ByWorkspace<>();
  private final ByWorkspace<String, Client> byId = new ByWorkspace<>();

  static Clients of(Snapshot snapshot) {
    Clients c = new Clients();
    for (Row r : snapshot.rows("oauth2_credentials")) {
      String clientId = r.text("client_id");
      if (clientId == null || r.consumerId() == null) {
        continue;
      }
      Client client = new Client(r.id(), r.consumerId(), clientId, r.text("client_secret"),
          Boolean.TRUE.equals(r.bool("hash_secret")), r.strings("redirect_uris"), "public".equals(r.text("client_type")));
      c.byClientId.put(r, clientId, client);
      c.byId.put(r, r.id(), client);
    }
    return c;
  }

  @Nullable Client byClientId(@Nullable Route route, @Nullable String clientId) {
    return clientId == null || clientId.isEmpty() ? null : byClientId.get(route, clientId);
  }

  @Nullable Client byId(@Nullable Route route, String id) {
    return byId.get(route, id);
  }
}
