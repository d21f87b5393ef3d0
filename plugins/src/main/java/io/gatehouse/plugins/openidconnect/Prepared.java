package io.gatehouse.plugins.openidconnect;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One plugin instance, ready for requests: its config, the shared {@link Provider} of its issuer,
 * the endpoint client, the cookie sealer, the token rules, and the snapshot's consumers.
 */
record Prepared(OpenIdConnectConfig config, Provider provider, ProviderCalls calls, OidcCookies cookies,
    TokenVerifier.Rules rules, List<String> clientIds, Snapshot snapshot, Consumers consumers, String cachePrefix) {

  /** The snapshot's consumers by {@code username} and {@code custom_id}, built once per snapshot. */
  static final class Consumers {
    private final Map<String, Consumer> byUsername = new HashMap<>();
    private final Map<String, Consumer> byCustomId = new HashMap<>();
    private final Snapshot snapshot;

    private Consumers(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    static Consumers of(Snapshot s) {
      Consumers c = new Consumers(s);
      for (Row r : s.rows("consumers")) {
        s.consumerById(r.id()).ifPresent(consumer -> {
          if (consumer.username() != null) {
            c.byUsername.put(consumer.username(), consumer);
          }
          if (consumer.customId() != null) {
            c.byCustomId.put(consumer.customId(), consumer);
          }
        });
      }
      return c;
    }

    /** Kong's {@code consumer_by}: {@code id}, {@code username} or {@code custom_id}. */
    @Nullable Consumer find(String by, String value) {
      return switch (by) {
        case "id" -> snapshot.consumerById(value).orElse(null);
        case "username" -> byUsername.get(value);
        default -> byCustomId.get(value);
      };
    }
  }
}
