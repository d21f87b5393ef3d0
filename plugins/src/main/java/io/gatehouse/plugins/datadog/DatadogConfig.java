package io.gatehouse.plugins.datadog;

import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The datadog config ({@code kong/plugins/datadog/schema.lua}). {@code host} and {@code port} may be
 * set to null, and then come from {@code KONG_DATADOG_AGENT_HOST}/{@code KONG_DATADOG_AGENT_PORT} as
 * in Kong. {@code retry_count}, {@code queue_size} and {@code flush_timeout} are Kong's deprecated
 * fields, still accepted; the last two are mapped onto the queue as Kong does.
 */
public record DatadogConfig(
    @Default("localhost") @Referenceable @Host @Nullable String host,
    @Default("8125") @Between(min = 0, max = 65535) @Nullable Integer port,
    @Description("String to be attached as a prefix to a metric's name.") @Default("kong") @Nullable String prefix,
    @Description("String to be attached as the name of the service.") @Default("name") @Nullable String serviceNameTag,
    @Description("String to be attached as the tag of the HTTP status.") @Default("status") @Nullable String statusTag,
    @Description("String to be attached as tag of the consumer.") @Default("consumer") @Nullable String consumerTag,
    @Description("Number of times to retry when sending data to the upstream server.") @Nullable Integer retryCount,
    @Description("Maximum number of log entries to be sent on each message to the upstream server.")
    @Nullable Integer queueSize,
    @Description("Optional time in seconds. If `queue_size` > 1, this is the max idle time before sending a log with "
        + "less than `queue_size` records.") @Nullable Double flushTimeout,
    QueueConfig queue,
    @Description("List of metrics to be logged.") @Default({
        "{\"name\":\"request_count\",\"stat_type\":\"counter\",\"sample_rate\":1,\"tags\":[\"app:kong\"],"
            + "\"consumer_identifier\":\"custom_id\"}",
        "{\"name\":\"latency\",\"stat_type\":\"timer\",\"tags\":[\"app:kong\"],\"consumer_identifier\":\"custom_id\"}",
        "{\"name\":\"request_size\",\"stat_type\":\"timer\",\"tags\":[\"app:kong\"],\"consumer_identifier\":\"custom_id\"}",
        "{\"name\":\"response_size\",\"stat_type\":\"timer\",\"tags\":[\"app:kong\"],\"consumer_identifier\":\"custom_id\"}",
        "{\"name\":\"upstream_latency\",\"stat_type\":\"timer\",\"tags\":[\"app:kong\"],"
            + "\"consumer_identifier\":\"custom_id\"}",
        "{\"name\":\"kong_latency\",\"stat_type\":\"timer\",\"tags\":[\"app:kong\"],\"consumer_identifier\":\"custom_id\"}"})
    List<Metric> metrics) implements LogSinkPlugin.Sink {

  /** One metric: Kong's name, its DogStatsD type, extra tags, and which consumer detail tags it. */
  public record Metric(
      @Description("Datadog metric’s name") @OneOf({"kong_latency", "latency", "request_count", "request_size",
          "response_size", "upstream_latency"}) String name,
      @Description("Determines what sort of event the metric represents")
      @OneOf({"counter", "gauge", "histogram", "meter", "set", "timer", "distribution"}) String statType,
      @Description("List of tags") @Nullable List<@Check(Tag.class) String> tags,
      @Description("Sampling rate") @Between(min = 0, max = 1) @Nullable Double sampleRate,
      @Description("Authenticated user detail") @OneOf({"consumer_id", "custom_id", "username"})
      @Nullable String consumerIdentifier) {}

  /** Kong's {@code match = "^.*[^:]$"}: a tag may not end with a colon. */
  public static final class Tag implements Validator {
    @Override
    public @Nullable String check(Object value) {
      String s = value.toString();
      return !s.isEmpty() && !s.endsWith(":") ? null : "invalid value: " + s;
    }
  }

  /** The queue in effect, with the deprecated batching fields applied. */
  QueueConfig effectiveQueue() {
    return queue.withLegacy(queueSize, flushTimeout);
  }

  @Override
  public String queueKey() {
    return "datadog " + this;
  }

  @Override
  public @Nullable Map<String, String> customFieldsByLua() {
    return null;
  }
}
