package io.gatehouse.plugins.proxycache;

import io.gatehouse.plugins.redis.RedisConnection;
import io.gatehouse.plugins.redis.RedisSettings;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Strategy {@code redis} (Gatehouse, beyond Kong OSS): responses in Redis under
 * {@code proxy-cache:<cache key>}, expiring at their storage TTL, so every node shares one cache.
 * Values are a small binary encoding of {@link CachedResponse}; an entry that does not decode is a miss.
 */
final class RedisStore implements CacheStore, AutoCloseable {
  static final String PREFIX = "proxy-cache:";
  private static final int SCAN_BATCH = 500;

  private final RedisConnection<byte[]> redis;

  RedisStore(RedisSettings settings) {
    this.redis = new RedisConnection<>(settings, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  @Override
  public CompletionStage<@Nullable CachedResponse> get(String key) {
    return redis.call(c -> c.get(PREFIX + key)).thenApply(v -> v == null ? null : decode(v));
  }

  @Override
  public CompletionStage<Void> put(String key, CachedResponse response, long storageTtlSeconds) {
    byte[] value = encode(response);
    return redis.call(c -> c.set(PREFIX + key, value, SetArgs.Builder.ex(Math.max(1, storageTtlSeconds))))
        .thenApply(ok -> null);
  }

  @Override
  public CompletionStage<Boolean> purge(String key) {
    return redis.call(c -> c.del(PREFIX + key)).thenApply(n -> n > 0);
  }

  /** Deletes every {@code proxy-cache:*} key, one SCAN batch at a time (never a blocking KEYS). */
  @Override
  public CompletionStage<Void> flush() {
    return flushFrom(ScanCursor.INITIAL);
  }

  private CompletionStage<Void> flushFrom(ScanCursor cursor) {
    ScanArgs match = ScanArgs.Builder.matches(PREFIX + "*").limit(SCAN_BATCH);
    return redis.call(c -> c.scan(cursor, match)).thenCompose((KeyScanCursor<String> page) -> {
      CompletionStage<?> deleted = page.getKeys().isEmpty() ? CompletableFuture.completedFuture(0L)
          : redis.call(c -> c.del(page.getKeys().toArray(String[]::new)));
      return deleted.thenCompose(n -> page.isFinished() ? CompletableFuture.completedFuture(null) : flushFrom(page));
    });
  }

  static byte[] encode(CachedResponse r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.body().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(r.version());
      out.writeInt(r.status());
      out.writeLong(r.timestampMillis());
      out.writeLong(r.ttlSeconds());
      out.writeInt(r.headers().size());
      for (Map.Entry<String, String> h : r.headers().entrySet()) {
        out.writeUTF(h.getKey());
        out.writeUTF(h.getValue());
      }
      out.writeInt(r.body().length);
      out.write(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The response, or null when the bytes are not one (another writer, a truncated value). */
  static @Nullable CachedResponse decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readInt();
      int status = in.readInt();
      long timestamp = in.readLong();
      long ttl = in.readLong();
      int n = in.readInt();
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        headers.put(in.readUTF(), in.readUTF());
      }
      byte[] body = in.readNBytes(in.readInt());
      return new CachedResponse(status, headers, body, timestamp, ttl, version);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
