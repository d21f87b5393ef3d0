package io.gatehouse.plugins.httplog;

import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The http-log config (reference plugins §19.3). {@code retry_count}, {@code queue_size} and
 * {@code flush_timeout} are Kong's deprecated fields, still accepted and mapped onto the queue.
 */
public record HttpLogConfig(
    @Referenceable @Check(HttpLogPlugin.Url.class) String httpEndpoint,
    @Default("POST") @OneOf({"POST", "PUT", "PATCH"}) String method,
    @Default("application/json") @OneOf({"application/json", "application/json; charset=utf-8"}) String contentType,
    @Default("10000") double timeout,
    @Default("60000") double keepalive,
    @Nullable Map<@HeaderName @Check(HttpLogPlugin.OwnHeader.class) String, @Referenceable String> headers,
    QueueConfig queue,
    @Nullable Map<String, String> customFieldsByLua,
    @Nullable Integer retryCount,
    @Nullable Integer queueSize,
    @Nullable Double flushTimeout) implements LogSinkPlugin.Sink {

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
  @Override
  public String queueKey() {
    Map<String, String> sorted = headers == null ? Map.of() : new TreeMap<>(headers);
    return "http-log " + method + " " + httpEndpoint + " " + contentType + " " + timeout + " " + keepalive + " "
        + sorted + " " + effectiveQueue();
  }
}
