package io.gatehouse.plugins.statsd;

import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The statsd config ({@code kong/plugins/statsd/schema.lua}): where metrics go, which metrics, how
 * they are named or tagged. {@code retry_count}, {@code queue_size} and {@code flush_timeout} are
 * Kong's deprecated fields, still accepted; the last two are mapped onto the queue as Kong does.
 * Statsd has no {@code custom_fields_by_lua}.
 */
public record StatsdConfig(
    @Description("The IP address or hostname of StatsD server to send data to.") @Default("localhost") @Host String host,
    @Description("The port of StatsD server to send data to.") @Default("8125") @Between(min = 0, max = 65535) int port,
    @Description("String to prefix to each metric's name.") @Default("kong") String prefix,
    @Description("List of metrics to be logged.") @Default({
        "{\"name\":\"request_count\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"latency\",\"stat_type\":\"timer\"}",
        "{\"name\":\"request_size\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"status_count\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"response_size\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"unique_users\",\"stat_type\":\"set\"}",
        "{\"name\":\"request_per_user\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"upstream_latency\",\"stat_type\":\"timer\"}",
        "{\"name\":\"kong_latency\",\"stat_type\":\"timer\"}",
        "{\"name\":\"status_count_per_user\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"status_count_per_workspace\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"status_count_per_user_per_route\",\"stat_type\":\"counter\",\"sample_rate\":1}",
        "{\"name\":\"shdict_usage\",\"stat_type\":\"gauge\",\"sample_rate\":1}"})
    @Nullable List<Metric> metrics,
    @Description("List of status code ranges that are allowed to be logged in metrics.")
    @Nullable List<@Check(StatusRange.class) String> allowStatusCodes,
    @Default("0") @Between(min = 0, max = 65507) double udpPacketSize,
    @Default("false") boolean useTcp,
    @Default("false") boolean hostnameInPrefix,
    @Default("custom_id") @OneOf({"consumer_id", "custom_id", "username"}) String consumerIdentifierDefault,
    @Default("service_name_or_host") @OneOf({"service_id", "service_name", "service_host", "service_name_or_host"})
    String serviceIdentifierDefault,
    @Default("workspace_id") @OneOf({"workspace_id", "workspace_name"}) String workspaceIdentifierDefault,
    @Nullable Integer retryCount,
    @Nullable Integer queueSize,
    @Nullable Double flushTimeout,
    @OneOf({"dogstatsd", "influxdb", "librato", "signalfx"}) @Nullable String tagStyle,
    QueueConfig queue) implements LogSinkPlugin.Sink {

  /** One metric to send: Kong's metric name, its statsd type, and whose identifiers name it. */
  public record Metric(
      @Description("StatsD metric’s name.") @OneOf({"kong_latency", "latency", "request_count", "request_per_user",
          "request_size", "response_size", "status_count", "status_count_per_user", "unique_users",
          "upstream_latency", "status_count_per_workspace", "status_count_per_user_per_route", "shdict_usage"})
      String name,
      @Description("Determines what sort of event a metric represents.")
      @OneOf({"counter", "gauge", "histogram", "meter", "set", "timer"}) String statType,
      @Description("Sampling rate") @Check(Positive.class) @Nullable Double sampleRate,
      @Description("Authenticated user detail.") @OneOf({"consumer_id", "custom_id", "username"})
      @Nullable String consumerIdentifier,
      @Description("Service detail.") @OneOf({"service_id", "service_name", "service_host", "service_name_or_host"})
      @Nullable String serviceIdentifier,
      @Description("Workspace detail.") @OneOf({"workspace_id", "workspace_name"}) @Nullable String workspaceIdentifier) {}

  /** Kong's {@code gt = 0}. */
  public static final class Positive implements io.gatehouse.sdk.Validator {
    @Override
    public @Nullable String check(Object value) {
      return value instanceof Number n && n.doubleValue() > 0 ? null : "value must be greater than 0";
    }
  }

  /** Kong's {@code match = "^[0-9]+-[0-9]+$"}. */
  public static final class StatusRange implements io.gatehouse.sdk.Validator {
    @Override
    public @Nullable String check(Object value) {
      return value.toString().matches("[0-9]+-[0-9]+") ? null : "invalid value: " + value;
    }
  }

  /** The queue in effect, with the deprecated batching fields applied. */
  QueueConfig effectiveQueue() {
    return queue.withLegacy(queueSize, flushTimeout);
  }

  /** The metrics in effect: Kong's default list when none is given. */
  List<Metric> metricsOrDefault() {
    return metrics == null ? List.of() : metrics;
  }

  @Override
  public String queueKey() {
    return "statsd " + this;
  }

  @Override
  public @Nullable Map<String, String> customFieldsByLua() {
    return null;
  }
}
