package io.gatehouse.plugins.httplog;

import io.gatehouse.plugins.logqueue.LoggingPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The http-log config (reference plugins §19.3). {@code retry_count}, {@code queue_size} and
 * {@code flush_timeout} are Kong's deprecated fields, still accepted and mapped onto the queue.
 */
public record HttpLogConfig(
    String httpEndpoint,
    String method,
    String contentType,
    double timeout,
    double keepalive,
    @Nullable Map<String, String> headers,
    QueueConfig queue,
    @Nullable Map<String, String> customFieldsByLua,
    @Nullable Integer retryCount,
    @Nullable Integer queueSize,
    @Nullable Double flushTimeout) implements LoggingPlugin.Sink {

  /** The queue settings in effect: a legacy field counts when its queue counterpart kept Kong's default. */
  QueueConfig effectiveQueue() {
    int batch = queueSize != null && queue.maxBatchSize() == QueueConfig.DEFAULTS.maxBatchSize()
        ? queueSize : queue.maxBatchSize();
    double delay = flushTimeout != null && queue.maxCoalescingDelay() == QueueConfig.DEFAULTS.maxCoalescingDelay()
        ? flushTimeout : queue.maxCoalescingDelay();
    return queue.withBatching(batch, delay);
  }

  /**
   * Instances that send the same way share a queue, as in Kong; unlike Kong the headers and queue
   * settings are part of the key, so each instance's batches carry its own headers.
   */
  public String queueKey() {
    Map<String, String> sorted = headers == null ? Map.of() : new TreeMap<>(headers);
    return "http-log " + method + " " + httpEndpoint + " " + contentType + " " + timeout + " " + keepalive + " "
        + sorted + " " + effectiveQueue();
  }
}
