package io.gatehouse.plugins.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.plugins.logqueue.EntryTrees;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.UdpSocket;
import io.gatehouse.plugins.statsd.StatsdLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each entry's metrics as DogStatsD datagrams, one line each (Kong's datadog
 * {@code statsd_logger.lua}): {@code kong.request.count:1|c|#name:<service>,status:200,consumer:<id>,app:kong}.
 * A datagram that cannot be sent is logged and the rest still go, as in Kong. Runs on its queue's
 * thread only.
 */
final class DatadogSender implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(DatadogSender.class);

  private final DatadogConfig config;
  private final String host;
  private final int port;
  private final UdpSocket socket;

  DatadogSender(DatadogConfig config) {
    this.config = config;
    this.host = config.host() != null ? config.host() : env("KONG_DATADOG_AGENT_HOST", "localhost");
    this.port = config.port() != null ? config.port() : Integer.parseInt(env("KONG_DATADOG_AGENT_PORT", "8125"));
    this.socket = new UdpSocket(host, port);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  @Override
  public void send(List<LogEntry> entries) throws IOException {
    List<JsonNode> batch = EntryTrees.of(entries);
    int failures = 0;
    String last = "";
    for (JsonNode message : batch) {
      for (String line : lines(config, message)) {
        try {
          socket.send(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          failures++;
          last = e.toString();
        }
      }
    }
    if (failures > 0) LOG.error("datadog: {} datagrams to {}:{} could not be sent: {}", failures, host, port, last);
  }

  /** The DogStatsD lines for one entry, metric by metric in the configured order. */
  static List<String> lines(DatadogConfig config, JsonNode message) {
    List<String> out = new ArrayList<>();
    String prefix = config.prefix() != null ? config.prefix() : "kong";
    for (DatadogConfig.Metric m : config.metrics()) {
      List<String> tags = new ArrayList<>();
      tags.add(or(config.serviceNameTag(), "name") + ":" + serviceName(message));
      JsonNode status = message.path("response").get("status");
      tags.add(or(config.statusTag(), "status") + ":" + (status == null || status.isNull() ? "-" : status.asText()));
      String consumer = consumerId(m.consumerIdentifier(), message.get("consumer"));
      if (consumer != null) tags.add(or(config.consumerTag(), "consumer") + ":" + consumer);
      if (m.tags() != null) tags.addAll(m.tags());
      String line = prefix + "." + stat(m.name()) + ":" + value(m.name(), message) + "|" + StatsdLine.type(m.statType())
          + StatsdLine.rate(m.sampleRate()) + "|#" + String.join(",", tags);
      out.add(line);
    }
    return out;
  }

  private static String or(@Nullable String v, String fallback) {
    return v != null ? v : fallback;
  }

  /** The service's name, or its host when it has none, dots made underscores; empty without a service. */
  private static String serviceName(JsonNode message) {
    JsonNode service = message.get("service");
    if (service == null || !service.isObject()) return "";
    JsonNode name = service.get("name");
    String n = name != null && !name.isNull() ? name.asText() : service.path("host").asText();
    return n.replace('.', '_');
  }

  private static @Nullable String consumerId(@Nullable String identifier, @Nullable JsonNode consumer) {
    if (identifier == null || consumer == null || !consumer.isObject()) return null;
    JsonNode v = switch (identifier) {
      case "consumer_id" -> consumer.get("id");
      case "username" -> consumer.get("username");
      default -> consumer.get("custom_id");
    };
    if (v == null || v.isNull()) return null;
    // Kong's replace_dashes on the consumer id
    return identifier.equals("consumer_id") ? v.asText().replace('-', '_') : v.asText();
  }

  private static String stat(String metric) {
    return switch (metric) {
      case "request_size" -> "request.size";
      case "response_size" -> "response.size";
      case "request_count" -> "request.count";
      default -> metric; // latency, upstream_latency, kong_latency
    };
  }

  /** The value as Kong's datadog sends it: unlike statsd it also sends -1 (no upstream time). */
  private static String value(String metric, JsonNode message) {
    JsonNode v = switch (metric) {
      case "request_size" -> message.path("request").get("size");
      case "response_size" -> message.path("response").get("size");
      case "latency" -> message.path("latencies").get("request");
      case "upstream_latency" -> message.path("latencies").get("proxy");
      case "kong_latency" -> message.path("latencies").get("kong");
      default -> null; // request_count
    };
    if (metric.equals("request_count")) return "1";
    return v == null || v.isNull() ? "nil" : StatsdLine.number(v.asDouble());
  }


  @Override
  public void close() {
    socket.close();
  }
}
