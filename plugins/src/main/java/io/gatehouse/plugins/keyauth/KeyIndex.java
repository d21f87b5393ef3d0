package io.gatehouse.plugins.keyauth;

import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Secrets;
import io.gatehouse.sdk.Snapshot;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot's API keys, indexed by the SHA-256 of the key: finding a key compares digests in
 * constant time, never the keys themselves, and keys are not kept in memory in the clear. Built
 * once per snapshot and shared by every key-auth instance. Keys are per workspace (Kong's
 * {@code ws_id}): a key authenticates only on the routes of its consumer's workspace.
 */
final class KeyIndex {

  /**
   * A stored key: its credential and consumer, and when it expires (epoch millis, or MAX).
   *
   * @param consumer the consumer in the same snapshot, or null when it is gone
   */
  record Entry(String credentialId, String consumerId, long expiresAtMillis, @Nullable Consumer consumer) {}

  private final Map<String, Map<Digest, Entry>> byWorkspace;
  private final Map<String, String> routeWorkspaces;

  private KeyIndex(Map<String, Map<Digest, Entry>> byWorkspace, Map<String, String> routeWorkspaces) {
    this.byWorkspace = byWorkspace;
    this.routeWorkspaces = routeWorkspaces;
  }

  static KeyIndex of(Snapshot snapshot) {
    Map<String, Map<Digest, Entry>> keys = new HashMap<>();
    for (Row row : snapshot.rows("keyauth_credentials")) {
      String key = row.text("key");
      String consumer = row.consumerId();
      if (key != null && consumer != null) {
        keys.computeIfAbsent(workspace(row), ws -> new HashMap<>()).put(new Digest(Secrets.sha256(key)),
            new Entry(row.id(), consumer, row.expiresAtMillis(), snapshot.consumerById(consumer).orElse(null)));
      }
    }
    Map<String, String> routes = new HashMap<>();
    for (Row route : snapshot.rows("routes")) {
      routes.put(route.id(), workspace(route));
    }
    return new KeyIndex(keys, routes);
  }

  /** A row's workspace: its {@code ws_id}, which only rows outside the default workspace carry. */
  private static String workspace(Row row) {
    String ws = row.text(EntityWorkspace.FIELD);
    return ws == null ? EntityWorkspace.DEFAULT_ID : ws;
  }

  /** The key among those of the workspace of {@code routeId} (the default one without a route). */
  @Nullable Entry find(@Nullable String routeId, String key) {
    String ws = routeId == null ? EntityWorkspace.DEFAULT_ID : routeWorkspaces.getOrDefault(routeId, EntityWorkspace.DEFAULT_ID);
    Map<Digest, Entry> keys = byWorkspace.get(ws);
    return keys == null ? null : keys.get(new Digest(Secrets.sha256(key)));
  }

  /** A SHA-256 digest as a map key with a constant-time equals. */
  private record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
      return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public String toString() {
      return "Digest";
    }
  }
}
