package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.vault.SecretCache;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kong's secret rotation timer (pdk/vault.lua, every {@code KONG_VAULT_ROTATION_INTERVAL} seconds,
 * 60 by default): when a cached secret is past its {@code ttl} (or a cached failure past its
 * {@code neg_ttl}), the configuration is rebuilt, which reads those secrets again; a changed secret
 * then takes effect the way any configuration change does.
 */
final class SecretRotation implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gatehouse-vault-rotation");
    t.setDaemon(true);
    return t;
  });

  SecretRotation(SecretCache cache, Runnable rebuild, Duration every) {
    requireNonNull(cache, "cache");
    requireNonNull(rebuild, "rebuild");
    long millis = Math.max(100, every.toMillis());
    timer.scheduleWithFixedDelay(() -> {
      if (cache.anyDue()) {
        rebuild.run();
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
