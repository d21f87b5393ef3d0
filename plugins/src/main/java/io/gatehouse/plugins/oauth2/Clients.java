package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The snapshot's {@code oauth2_credentials}, by client_id and by id: built once per config version. */
final class Clients {

  /** One application (Kong's oauth2 credential). */
  record Client(String id, String consumerId, String clientId, @Nullable String clientSecret, boolean hashSecret,
      List<String> redirectUris, boolean publicClient) {
    String clientType() {
      return publicClient ? "public" : "confidential";
    }
  }

  private final Map<String, Client> byClientId = new HashMap<>();
  private final Map<String, Client> byId = new HashMap<>();

  static Clients of(Snapshot snapshot) {
    Clients c = new Clients();
    for (Row r : snapshot.rows("oauth2_credentials")) {
      String clientId = r.text("client_id");
      if (clientId == null || r.consumerId() == null) {
        continue;
      }
      Client client = new Client(r.id(), r.consumerId(), clientId, r.text("client_secret"),
          Boolean.TRUE.equals(r.bool("hash_secret")), r.strings("redirect_uris"), "public".equals(r.text("client_type")));
      c.byClientId.put(clientId, client);
      c.byId.put(r.id(), client);
    }
    return c;
  }

  @Nullable Client byClientId(@Nullable String clientId) {
    return clientId == null || clientId.isEmpty() ? null : byClientId.get(clientId);
  }

  @Nullable Client byId(String id) {
    return byId.get(id);
  }
}
