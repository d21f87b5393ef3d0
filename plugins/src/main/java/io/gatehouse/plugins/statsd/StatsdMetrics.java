package io.gatehouse.plugins.statsd;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.plugins.statsd.StatsdConfig.Metric;
import io.gatehouse.plugins.statsd.StatsdLine.TagStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The statsd lines for one log entry, metric by metric as Kong's {@code statsd/log.lua} names them:
 * {@code <prefix>.service.<service>.request.count:1|c}, {@code ….user.<consumer>.status.<code>:1|c}
 * … or, with a {@code tag_style}, {@code <prefix>.request.count} with service, route, workspace,
 * consumer, node and status tags. The workspace is the log entry's (the matched route's): its id, or
 * its name with {@code workspace_identifier = workspace_name}. {@code shdict_usage} (nginx shared dictionaries) has nothing to report here.
 */
final class StatsdMetrics {
  private final StatsdConfig config;
  private final String prefix;
  private final @Nullable TagStyle style;
  private final String hostname;

  /** @param hostname the node's host name with dots made underscores */
  StatsdMetrics(StatsdConfig config, String hostname) {
    this.config = config;
    this.style = TagStyle.of(config.tagStyle());
    this.hostname = hostname;
    this.prefix = config.hostnameInPrefix() && style == null ? config.prefix() + ".node." + hostname : config.prefix();
  }

  List<String> lines(JsonNode message) {
    List<String> out = new ArrayList<>();
    for (Metric m : config.metricsOrDefault()) {
      if (style == null) {
        plain(m, message, scope(message, m), out);
      } else {
        tagged(m, message, out);
      }
    }
    return out;
  }

  private void plain(Metric m, JsonNode message, String scope, List<String> out) {
    String status = message.path("response").path("status").asText();
    switch (m.name()) {
      case "unique_users" -> {
        String consumer = consumerId(m, message);
        if (consumer != null) out.add(StatsdLine.plain(prefix, scope + ".user.uniques", consumer, "s", null));
      }
      case "request_per_user" -> {
        String consumer = consumerId(m, message);
        if (consumer != null) {
          out.add(StatsdLine.plain(prefix, scope + ".user." + consumer + ".request.count", "1", "c", m.sampleRate()));
        }
      }
      case "status_count" -> out.add(StatsdLine.plain(prefix, scope + ".status." + status, "1", "c", m.sampleRate()));
      case "status_count_per_user" -> {
        String consumer = consumerId(m, message);
        if (consumer != null) {
          out.add(StatsdLine.plain(prefix, scope + ".user." + consumer + ".status." + status, "1", "c",
              m.sampleRate()));
        }
      }
      case "status_count_per_workspace" -> {
        String workspace = workspace(m, message);
        if (workspace != null) {
          out.add(StatsdLine.plain(prefix, scope + ".workspace." + workspace + ".status." + status, "1", "c",
              m.sampleRate()));
        }
      }
      case "status_count_per_user_per_route" -> {
        String consumer = consumerId(m, message);
        String route = text(message.path("route"), "id");
        if (consumer != null && route != null) {
          out.add(StatsdLine.plain(prefix, "route." + route + ".user." + consumer + ".status." + status, "1", "c",
              m.sampleRate()));
        }
      }
      case "shdict_usage" -> { } // no nginx shared dictionaries
      default -> {
        String value = value(m.name(), message);
        if (value != null) out.add(StatsdLine.plain(prefix, scope + "." + stat(m.name()), value, type(m), m.sampleRate()));
      }
    }
  }

  /** With tags only the request metrics are sent (Kong skips the per-user and per-status ones). */
  private void tagged(Metric m, JsonNode message, List<String> out) {
    String stat = stat(m.name());
    if (stat == null) return;
    String value = value(m.name(), message);
    if (value == null) return;
    Map<String, String> tags = tags(m, message);
    out.add(tags == null ? StatsdLine.plain(prefix, stat, value, type(m), m.sampleRate())
        : StatsdLine.tagged(prefix, stat, value, type(m), m.sampleRate(), tags, style));
  }

  private @Nullable Map<String, String> tags(Metric m, JsonNode message) {
    String service = serviceId(m.serviceIdentifier() != null ? m.serviceIdentifier()
        : config.serviceIdentifierDefault(), message.get("service"));
    if (service == null) return null; // Kong records no tags without a service
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("service", service);
    JsonNode route = message.get("route");
    if (route != null && route.isObject()) {
      String name = text(route, "name");
      String id = name != null ? name : text(route, "id");
      if (id != null) tags.put("route", id);
    }
    String workspace = workspace(m, message);
    if (workspace != null) tags.put("workspace", workspace);
    String consumer = consumerId(m, message);
    if (consumer != null) tags.put("consumer", consumer);
    tags.put("node", hostname);
    String status = message.path("response").path("status").asText(null);
    if (status != null) tags.put("status", status);
    return tags;
  }

  /** {@code service.<name>} with dots made underscores, {@code service.unnamed}, or {@code global.unmatched}. */
  private String scope(JsonNode message, Metric m) {
    JsonNode service = message.get("service");
    if (service == null || !service.isObject()) return "global.unmatched";
    String id = serviceId(m.serviceIdentifier() != null ? m.serviceIdentifier() : config.serviceIdentifierDefault(),
        service);
    return "service." + (id == null ? "unnamed" : id.replace('.', '_'));
  }

  private static @Nullable String serviceId(String identifier, @Nullable JsonNode service) {
    if (service == null || !service.isObject()) return null;
    return switch (identifier) {
      case "service_id" -> text(service, "id");
      case "service_name" -> text(service, "name");
      case "service_host" -> text(service, "host");
      default -> text(service, "name") != null ? text(service, "name") : text(service, "host");
    };
  }

  private @Nullable String consumerId(Metric m, JsonNode message) {
    JsonNode consumer = message.get("consumer");
    if (consumer == null || !consumer.isObject()) return null;
    String identifier = m.consumerIdentifier() != null ? m.consumerIdentifier() : config.consumerIdentifierDefault();
    return switch (identifier) {
      case "consumer_id" -> text(consumer, "id");
      case "username" -> text(consumer, "username");
      default -> text(consumer, "custom_id");
    };
  }

  /** The entry's {@code workspace} (id) or {@code workspace_name}, as the metric's identifier says. */
  private @Nullable String workspace(Metric m, JsonNode message) {
    String identifier = m.workspaceIdentifier() != null ? m.workspaceIdentifier() : config.workspaceIdentifierDefault();
    return text(message, "workspace_name".equals(identifier) ? "workspace_name" : "workspace");
  }

  private static @Nullable String stat(String metric) {
    return switch (metric) {
      case "request_size" -> "request.size";
      case "response_size" -> "response.size";
      case "latency" -> "latency";
      case "upstream_latency" -> "upstream_latency";
      case "kong_latency" -> "kong_latency";
      case "request_count" -> "request.count";
      default -> null;
    };
  }

  /** The metric's value; null when the entry has none or Kong's "none" ({@code -1}, an unproxied request). */
  private static @Nullable String value(String metric, JsonNode message) {
    JsonNode v = switch (metric) {
      case "request_size" -> message.path("request").get("size");
      case "response_size" -> message.path("response").get("size");
      case "latency" -> message.path("latencies").get("request");
      case "upstream_latency" -> message.path("latencies").get("proxy");
      case "kong_latency" -> message.path("latencies").get("kong");
      case "request_count" -> com.fasterxml.jackson.databind.node.IntNode.valueOf(1);
      default -> null;
    };
    if (v == null || !v.isNumber() || v.asDouble() == -1) return null;
    return StatsdLine.number(v.asDouble());
  }

  private static String type(Metric m) {
    return StatsdLine.type(m.statType());
  }

  static @Nullable String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
