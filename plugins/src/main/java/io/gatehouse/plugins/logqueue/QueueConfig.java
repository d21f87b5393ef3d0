package io.gatehouse.plugins.logqueue;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import org.jspecify.annotations.Nullable;

/**
 * The {@code queue} record of http-log and other batching plugins ({@code kong/tools/queue_schema.lua}),
 * with Kong's defaults and bounds. Times are seconds, as in Kong.
 */
public record QueueConfig(
    @Default("1") @Between(min = 1, max = 1_000_000) int maxBatchSize,
    @Default("1") @Between(min = 0, max = 3600) double maxCoalescingDelay,
    @Default("10000") @Between(min = 1, max = 1_000_000) int maxEntries,
    @Nullable Integer maxBytes,
    @Default("60") double maxRetryTime,
    @Default("0.01") @Between(min = 0.001, max = 1_000_000) double initialRetryDelay,
    @Default("60") @Between(min = 0.001, max = 1_000_000) double maxRetryDelay,
    @Default("1") @OneOf({"-1", "1"}) int concurrencyLimit) {

  /** Kong's defaults. */
  public static final QueueConfig DEFAULTS = new QueueConfig(1, 1, 10000, null, 60, 0.01, 60, 1);

  /** This config with another batch size and coalescing delay (legacy {@code queue_size}/{@code flush_timeout}). */
  public QueueConfig withBatching(int batchSize, double coalescingDelay) {
    return new QueueConfig(batchSize, coalescingDelay, maxEntries, maxBytes, maxRetryTime, initialRetryDelay,
        maxRetryDelay, concurrencyLimit);
  }

  /**
   * Kong's {@code Queue.get_plugin_params}: a deprecated {@code queue_size} other than 1 sets the batch
   * size and a {@code flush_timeout} other than 2 the coalescing delay, whatever {@code queue} says.
   */
  public QueueConfig withLegacy(@Nullable Integer queueSize, @Nullable Double flushTimeout) {
    int batch = queueSize != null && queueSize != 1 ? queueSize : maxBatchSize;
    double delay = flushTimeout != null && flushTimeout != 2 ? flushTimeout : maxCoalescingDelay;
    return withBatching(batch, delay);
  }
}
