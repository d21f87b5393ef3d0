package io.gatehouse.plugins.zipkin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.tracing.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One span as Kong's zipkin plugin models it ({@code span.lua}): times in microseconds, tags and
 * annotations, and the remote endpoint; {@link #toJson} is Zipkin's v2 JSON as Kong's reporter
 * writes it.
 */
final class ZipkinSpan {
  final String kind;
  final String name;
  final byte[] traceId;
  final byte[] spanId;
  final byte @Nullable [] parentId;
  long timestamp;
  final boolean sampled;
  @Nullable Long duration;
  @Nullable String serviceName;
  @Nullable String ip;
  @Nullable Integer port;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final List<long[]> annotationTimes = new ArrayList<>();
  private final List<String> annotationValues = new ArrayList<>();

  ZipkinSpan(String kind, String name, long timestampMicros, boolean sampled, byte[] traceId, byte @Nullable [] spanId,
      byte @Nullable [] parentId) {
    this.kind = kind;
    this.name = name;
    this.timestamp = timestampMicros;
    this.sampled = sampled;
    this.traceId = traceId;
    this.spanId = spanId != null ? spanId : Ids.random(8);
    this.parentId = parentId;
  }

  ZipkinSpan child(String kind, String name, long timestampMicros) {
    return new ZipkinSpan(kind, name, timestampMicros, sampled, traceId, Ids.random(8), spanId);
  }

  void finish(long endMicros) {
    duration = Math.max(0, endMicros - timestamp);
  }

  /** Values are kept as text, as Kong's reporter {@code tostring}s them; null removes the tag. */
  void tag(String key, @Nullable Object value) {
    if (value == null) {
      tags.remove(key);
    } else {
      tags.put(key, String.valueOf(value));
    }
  }

  void annotate(String value, long timestampMicros) {
    annotationValues.add(value);
    annotationTimes.add(new long[] {timestampMicros});
  }

  ObjectNode toJson(String localServiceName, @Nullable String defaultServiceName) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("traceId", Ids.hex(traceId));
    o.put("name", name);
    if (parentId != null) o.put("parentId", Ids.hex(parentId));
    o.put("id", Ids.hex(spanId));
    o.put("kind", kind);
    o.put("timestamp", timestamp);
    if (duration != null) o.put("duration", duration);
    o.putObject("localEndpoint").put("serviceName", localServiceName);
    String service = serviceName != null ? serviceName : defaultServiceName;
    if (port != null || service != null) {
      ObjectNode remote = o.putObject("remoteEndpoint");
      if (service != null) remote.put("serviceName", service);
      if (port != null) remote.put("port", port);
      if (ip != null) remote.put(ip.contains(":") ? "ipv6" : "ipv4", ip);
    } else {
      o.putNull("remoteEndpoint");
    }
    ObjectNode t = f.objectNode();
    tags.forEach((k, v) -> {
      if (!v.isEmpty()) t.put(k, v);
    });
    if (!t.isEmpty()) o.set("tags", t);
    if (!annotationValues.isEmpty()) {
      var a = o.putArray("annotations");
      for (int i = 0; i < annotationValues.size(); i++) {
        a.addObject().put("value", annotationValues.get(i)).put("timestamp", annotationTimes.get(i)[0]);
      }
    }
    return o;
  }
}
