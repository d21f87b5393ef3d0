package io.gatehouse.plugins.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One lazily opened Lettuce connection for one {@link RedisSettings}. Every call is bounded by the
 * configured timeout (connecting included) and goes through a {@link CircuitBreaker}: after three
 * consecutive failures calls are refused at once for a second, then one trial call decides. Lettuce
 * does not reconnect in the background; a failed connection is dropped and the next allowed call
 * reconnects, so commands never queue behind a dead server.
 *
 * @param <V> the value type of the codec
 */
public final class RedisConnection<V> implements AutoCloseable {

  /** Thrown (as the stage's failure) when the breaker refuses a call. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /** Lettuce's event loops, shared by every Redis client of the process. */
  private static final class Shared {
    static final ClientResources RESOURCES =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
  }

  private final RedisClient client;
  private final RedisURI uri;
  private final RedisCodec<String, V> codec;
  private final long timeoutMillis;
  private final CircuitBreaker breaker;
  private final AtomicReference<@Nullable CompletableFuture<StatefulRedisConnection<String, V>>> connection =
      new AtomicReference<>();

  public RedisConnection(RedisSettings settings, RedisCodec<String, V> codec) {
    Objects.requireNonNull(settings, "settings");
    this.codec = Objects.requireNonNull(codec, "codec");
    if (settings.host() == null) {
      throw new IllegalArgumentException("settings.host must be set to use redis");
    }
    this.timeoutMillis = Math.max(1, settings.timeout());
    Duration timeout = Duration.ofMillis(timeoutMillis);
    RedisURI.Builder b = RedisURI.builder().withHost(settings.host()).withPort(settings.port())
        .withTimeout(timeout).withDatabase(settings.database()).withSsl(settings.ssl())
        .withVerifyPeer(settings.sslVerify() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
    if (settings.password() != null) {
      if (settings.username() != null) {
        b.withAuthentication(settings.username(), settings.password());
      } else {
        b.withPassword(settings.password().toCharArray());
      }
    }
    this.uri = b.build();
    this.client = RedisClient.create(Shared.RESOURCES);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    this.breaker = new CircuitBreaker(3, TimeUnit.SECONDS.toNanos(1), System::nanoTime);
  }

  /** Runs one command (or script); the future completes on a Lettuce thread, or fails within the timeout. */
  public <T> CompletableFuture<T> call(Function<RedisAsyncCommands<String, V>, RedisFuture<T>> op) {
    if (!breaker.allow()) {
      return CompletableFuture.failedFuture(new Unavailable("redis " + uri.getHost() + ":" + uri.getPort()
          + " is failing; calls are paused (circuit open)"));
    }
    CompletableFuture<T> f = connection()
        .thenCompose(c -> op.apply(c.async()).toCompletableFuture())
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    f.whenComplete((v, e) -> {
      if (e == null) {
        breaker.onSuccess();
      } else {
        breaker.onFailure();
        dropBrokenConnection();
      }
    });
    return f;
  }

  /** Whether the breaker currently refuses calls. */
  public boolean circuitOpen() {
    return breaker.isOpen();
  }

  private CompletableFuture<StatefulRedisConnection<String, V>> connection() {
    while (true) {
      CompletableFuture<StatefulRedisConnection<String, V>> current = connection.get();
      if (current != null && !broken(current)) {
        return current;
      }
      CompletableFuture<StatefulRedisConnection<String, V>> fresh = new CompletableFuture<>();
      if (connection.compareAndSet(current, fresh)) {
        closeQuietly(current);
        client.connectAsync(codec, uri).toCompletableFuture().whenComplete((c, e) -> {
          if (e == null) {
            fresh.complete(c);
          } else {
            fresh.completeExceptionally(e);
          }
        });
        return fresh;
      }
    }
  }

  private void dropBrokenConnection() {
    CompletableFuture<StatefulRedisConnection<String, V>> current = connection.get();
    if (current != null && broken(current) && connection.compareAndSet(current, null)) {
      closeQuietly(current);
    }
  }

  private static boolean broken(CompletableFuture<? extends StatefulRedisConnection<?, ?>> f) {
    if (!f.isDone()) {
      return false;
    }
    return f.isCompletedExceptionally() || !f.join().isOpen();
  }

  private static void closeQuietly(@Nullable CompletableFuture<? extends StatefulRedisConnection<?, ?>> f) {
    if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
      f.join().closeAsync();
    }
  }

  @Override
  public void close() {
    closeQuietly(connection.getAndSet(null));
    client.shutdownAsync(0, 1, TimeUnit.SECONDS);
  }
}
