package io.gatehouse.plugins.opentelemetry;

import io.gatehouse.plugins.httplog.HttpLogPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.plugins.tracing.PropagationFields;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The opentelemetry config, Kong 3.9's fields and defaults ({@code kong/plugins/opentelemetry/schema.lua}).
 * {@code batch_span_count}, {@code batch_flush_delay} and {@code header_type} are Kong's deprecated
 * fields, still honoured.
 */
public record OpenTelemetryConfig(
    @Nullable @Referenceable @Check(HttpLogPlugin.Url.class) String tracesEndpoint,
    @Nullable @Referenceable @Check(HttpLogPlugin.Url.class) String logsEndpoint,
    @Nullable Map<@HeaderName String, @Referenceable String> headers,
    @Nullable Map<String, @Check(NonEmpty.class) String> resourceAttributes,
    Queue queue,
    @Nullable Integer batchSpanCount,
    @Nullable Integer batchFlushDelay,
    @Default("1000") @Between(min = 0, max = 2147483646) int connectTimeout,
    @Default("5000") @Between(min = 0, max = 2147483646) int sendTimeout,
    @Default("5000") @Between(min = 0, max = 2147483646) int readTimeout,
    @Nullable String httpResponseHeaderForTraceid,
    @Nullable @Default("preserve") @OneOf({"preserve", "ignore", "b3", "b3-single", "w3c", "jaeger", "ot", "aws", "gcp",
        "datadog"}) String headerType,
    @Nullable @Between(min = 0, max = 1) Double samplingRate,
    Propagation propagation) {

  /** Kong's {@code typedefs.queue} with this plugin's default batch of 200. */
  public record Queue(
      @Default("200") @Between(min = 1, max = 1_000_000) int maxBatchSize,
      @Default("1") @Between(min = 0, max = 3600) double maxCoalescingDelay,
      @Default("10000") @Between(min = 1, max = 1_000_000) int maxEntries,
      @Nullable Integer maxBytes,
      @Default("60") double maxRetryTime,
      @Default("0.01") @Between(min = 0.001, max = 1_000_000) double initialRetryDelay,
      @Default("60") @Between(min = 0.001, max = 1_000_000) double maxRetryDelay,
      @Default("1") @OneOf({"-1", "1"}) int concurrencyLimit) {}

  /** Kong's {@code typedefs.propagation} with {@code default_format = "w3c"}. */
  public record Propagation(
      @Nullable List<@OneOf({"w3c", "b3", "jaeger", "ot", "datadog", "aws", "gcp"}) String> extract,
      @Nullable List<@HeaderName String> clear,
      @Nullable List<@OneOf({"preserve", "w3c", "b3", "b3-single", "jaeger", "ot", "datadog", "aws", "gcp"}) String> inject,
      @Default("w3c") @OneOf({"w3c", "b3", "b3-single", "jaeger", "ot", "datadog", "aws", "gcp"}) String defaultFormat)
      implements PropagationFields {}

  /** Kong's custom validator of resource attribute values: no empty string. */
  public static final class NonEmpty implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return value.toString().isEmpty() ? "required field missing" : null;
    }
  }

  /**
   * The batching in effect, Kong's {@code Queue.get_plugin_params}: a deprecated field set to
   * anything but its old default (200 spans, 3 s) overrides its queue counterpart.
   */
  QueueConfig effectiveQueue() {
    int batch = batchSpanCount != null && batchSpanCount != 200 ? batchSpanCount : queue.maxBatchSize();
    double delay = batchFlushDelay != null && batchFlushDelay != 3 ? batchFlushDelay : queue.maxCoalescingDelay();
    return new QueueConfig(batch, delay, queue.maxEntries(), queue.maxBytes(), queue.maxRetryTime(),
        queue.initialRetryDelay(), queue.maxRetryDelay(), queue.concurrencyLimit());
  }

  /** Instances that export the same way share one exporter and batch processor. */
  String exportKey(String endpoint) {
    return endpoint + " " + (headers == null ? Map.of() : new TreeMap<>(headers)) + " "
        + (resourceAttributes == null ? Map.of() : new TreeMap<>(resourceAttributes)) + " " + connectTimeout + " "
        + sendTimeout + " " + readTimeout + " " + effectiveQueue();
  }
}
