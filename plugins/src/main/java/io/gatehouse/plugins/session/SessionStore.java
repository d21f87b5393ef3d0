package io.gatehouse.plugins.session;

import io.gatehouse.sdk.PluginRecords;
import io.gatehouse.sdk.Secrets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storage = kong}: the encrypted session data in the node's plugin records (Kong keeps it in
 * its {@code sessions} table), keyed by the SHA-256 of the session id so the table alone names no
 * live cookie. Writes happen in header_filter and cannot be waited for there (Kong defers them to
 * a timer too), so this node remembers a write until it has landed: a client's next request can
 * never outrun it on the same node.
 */
final class SessionStore {
  static final String NAMESPACE = "session";
  private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

  private final PluginRecords records;
  private final Map<String, byte[]> landing = new ConcurrentHashMap<>();

  SessionStore(PluginRecords records) {
    this.records = records;
  }

  private static String key(byte[] id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(SessionCodec.base64(id)));
  }

  /** The stored ciphertext; empty when absent, expired, or the database failed (no session, as Kong). */
  CompletionStage<Optional<byte[]>> load(byte[] id) {
    String key = key(id);
    byte[] pending = landing.get(key);
    if (pending != null) {
      return CompletableFuture.completedFuture(Optional.of(pending));
    }
    return records.get(NAMESPACE, key)
        .thenApply(e -> e.map(entry -> Base64.getDecoder().decode(entry.value())))
        .exceptionally(e -> {
          LOG.warn("session: cannot load session data: {}", e.getMessage());
          return Optional.empty();
        });
  }

  /** Stores the ciphertext until {@code expiresAtSeconds}. */
  void save(byte[] id, byte[] ciphertext, long expiresAtSeconds) {
    String key = key(id);
    landing.put(key, ciphertext);
    long expires = expiresAtSeconds >= Long.MAX_VALUE / 1000 ? PluginRecords.NEVER : expiresAtSeconds * 1000;
    records.put(NAMESPACE, key, Base64.getEncoder().encodeToString(ciphertext), expires)
        .whenComplete((v, e) -> {
          landing.remove(key, ciphertext);
          if (e != null) {
            LOG.error("session: session save failed: {}", e.getMessage());
          }
        });
  }

  void delete(byte[] id) {
    String key = key(id);
    landing.remove(key);
    records.delete(NAMESPACE, key).whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("session: session logout failed: {}", e.getMessage());
      }
    });
  }
}
