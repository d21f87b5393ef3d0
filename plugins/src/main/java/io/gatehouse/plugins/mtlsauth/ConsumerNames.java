package io.gatehouse.plugins.mtlsauth;

import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One snapshot's ways from a certificate name to a consumer: {@code mtls_auth_credentials} by
 * {@code subject_name}, and consumers by {@code username} and {@code custom_id} (built once per
 * snapshot, shared by every instance). Each is per workspace: a route sees only its own
 * workspace's credentials and consumers.
 */
final class ConsumerNames {
  /** A credential row: {@code subject_name} → consumer, optionally only for one CA. */
  record Stored(String id, String consumerId, @Nullable String caId) {}

  private final ByWorkspace<String, List<Stored>> credentials = new ByWorkspace<>();
  private final ByWorkspace<String, Consumer> byUsername = new ByWorkspace<>();
  private final ByWorkspace<String, Consumer> byCustomId = new ByWorkspace<>();
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
      n.credentials.computeIfAbsent(r, subject, k -> new ArrayList<>()).add(new Stored(r.id(), r.consumerId(), ca));
    }
    for (Row r : s.rows("consumers")) {
      Consumer c = s.consumerById(r.id()).orElse(null);
      if (c == null) {
        continue;
      }
      if (c.username() != null) {
        n.byUsername.put(r, c.username(), c);
      }
      if (c.customId() != null) {
        n.byCustomId.put(r, c.customId(), c);
      }
    }
    return n;
  }

  /** The credentials naming this subject. */
  List<Stored> credentials(@Nullable Route route, String subject) {
    List<Stored> found = credentials.get(route, subject);
    return found == null ? List.of() : found;
  }

  /** The consumer whose {@code field} ({@code username} or {@code custom_id}) is {@code name}, or null. */
  @Nullable Consumer consumerBy(@Nullable Route route, String field, String name) {
    return (field.equals("username") ? byUsername : byCustomId).get(route, name);
  }

  @Nullable Consumer consumer(String id) {
    return snapshot.consumerById(id).orElse(null);
  }
}
