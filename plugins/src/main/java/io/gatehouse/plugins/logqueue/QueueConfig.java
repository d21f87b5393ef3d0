package io.gatehouse.plugins.logqueue;

import io.gatehouse.core.schema.Field;
import org.jspecify.annotations.Nullable;

/**
 * The {@code queue} record of http-log and other batching plugins ({@code kong/tools/queue_schema.lua}).
 * Times are seconds, as in Kong.
 */
public record QueueConfig(
    int maxBatchSize,
    double maxCoalescingDelay,
    int maxEntries,
    @Nullable Integer maxBytes,
    double maxRetryTime,
    double initialRetryDelay,
    double maxRetryDelay,
    int concurrencyLimit) {

  /** Kong's defaults. */
  public static final QueueConfig DEFAULTS = new QueueConfig(1, 1, 10000, null, 60, 0.01, 60, 1);

  /** The schema of the {@code queue} record, with Kong's defaults and bounds. */
  public static Field schema() {
    return Field.record("queue",
        Field.integer("max_batch_size").required().defaultValue(1).between(1, 1_000_000),
        Field.number("max_coalescing_delay").required().defaultValue(1).between(0, 3600),
        Field.integer("max_entries").required().defaultValue(10000).between(1, 1_000_000),
        Field.integer("max_bytes"),
        Field.number("max_retry_time").required().defaultValue(60),
        Field.number("initial_retry_delay").required().defaultValue(0.01).between(0.001, 1_000_000),
        Field.number("max_retry_delay").required().defaultValue(60).between(0.001, 1_000_000),
        Field.integer("concurrency_limit").required().defaultValue(1).oneOf(-1, 1));
  }

  /** This config with another batch size and coalescing delay (legacy {@code queue_size}/{@code flush_timeout}). */
  public QueueConfig withBatching(int batchSize, double coalescingDelay) {
    return new QueueConfig(batchSize, coalescingDelay, maxEntries, maxBytes, maxRetryTime, initialRetryDelay,
        maxRetryDelay, concurrencyLimit);
  }
}
