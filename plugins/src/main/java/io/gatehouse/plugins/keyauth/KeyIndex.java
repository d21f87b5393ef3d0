package io.gatehouse.plugins.keyauth;

import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Secrets;
import io.gatehouse.sdk.Snapshot;
import java.security.MessageDigest;
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

  private final ByWorkspace<Digest, Entry> keys;

  private KeyIndex(ByWorkspace<Digest, Entry> keys) {
    this.keys = keys;
  }

  static KeyIndex of(Snapshot snapshot) {
    ByWorkspace<Digest, Entry> keys = new ByWorkspace<>();
    for (Row row : snapshot.rows("keyauth_credentials")) {
      String key = row.text("key");
      String consumer = row.consumerId();
      if (key != null && consumer != null) {
        keys.put(row, new Digest(Secrets.sha256(key)),
            new Entry(row.id(), consumer, row.expiresAtMillis(), snapshot.consumerById(consumer).orElse(null)));
      }
    }
    return new KeyIndex(keys);
  }

  /** The key among those of the matched route's workspace (the default one without a route). */
  @Nullable Entry find(@Nullable Route route, String key) {
    return keys.get(route, new Digest(Secrets.sha256(key)));
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
