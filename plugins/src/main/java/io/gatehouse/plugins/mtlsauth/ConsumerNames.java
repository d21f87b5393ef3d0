package io.gatehouse.plugins.mtlsauth;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One snapshot's ways from a certificate name to a consumer: {@code mtls_auth_credentials} by
 * {@code subject_name}, and consumers by {@code username} and {@code custom_id} (built once per
 * snapshot, shared by every instance).
 */
final class ConsumerNames {
  /** A credential row: {@code subject_name} → consumer, optionally only for one CA. */
  record Stored(String id, String consumerId, @Nullable String caId) {}

  private final Map<String, List<Stored>> credentials = new HashMap<>();
  private final Map<String, Consumer> byUsername = new HashMap<>();
  private final Map<String, Consumer> byCustomId = new HashMap<>();
  private final Snapshot snapshot;

  private ConsumerNames(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  static ConsumerNames of(Snapshot s) {
    ConsumerNames n = new ConsumerNames(s);
    for (Row r : s.rows("mtls_auth_credentials")) {
      String subject = r.text("subject_name");
      if (subject == null || r.consumerId() == null) {
        continue;
      }
      String ca = r.toMap().get("ca_certificate") instanceof Map<?, ?> m && m.get("id") instanceof String id ? id : null;
      n.credentials.computeIfAbsent(subject, k -> new ArrayList<>()).add(new Stored(r.id(), r.consumerId(), ca));
    }
    for (Row r : s.rows("consumers")) {
      Consumer c = s.consumerById(r.id()).orElse(null);
      if (c == null) {
        continue;
      }
      if (c.username() != null) {
        n.byUsername.put(c.username(), c);
      }
      if (c.customId() != null) {
        n.byCustomId.put(c.customId(), c);
      }
    }
    return n;
  }

  /** The credentials naming this subject. */
  List<Stored> credentials(String subject) {
    return credentials.getOrDefault(subject, List.of());
  }

  /** The consumer whose {@code field} ({@code username} or {@code custom_id}) is {@code name}, or null. */
  @Nullable Consumer consumerBy(String field, String name) {
    return (field.equals("username") ? byUsername : byCustomId).get(name);
  }

  @Nullable Consumer consumer(String id) {
    return snapshot.consumerById(id).orElse(null);
  }
}
