package io.gatehouse.sdk;

import java.util.Map;

/**
 * One finished request's figures as Kong's log serializer reports them ({@code latencies},
 * {@code request.size}, {@code response.size}) and {@code kong.response.get_source()}, read without
 * building a log entry: what metrics plugins record per request. Given by
 * {@link LogPhase#measurements()}, valid during the log phase only.
 */
public interface Measurements {

  /** Where the response came from ({@code kong.response.get_source()}). */
  enum Source {
    /** The upstream service answered ({@code service}). */
    SERVICE,
    /** A plugin answered ({@code exit}). */
    EXIT,
    /** The gateway answered with an error: no route, no healthy upstream, a failure ({@code error}). */
    ERROR
  }

  /** {@code latencies.kong}: ms spent in the gateway and its plugins (the whole request when nothing was proxied). */
  long kongLatencyMs();

  /** {@code latencies.proxy}: ms waiting for the upstream's response head; -1 when nothing was proxied. */
  long upstreamLatencyMs();

  /** {@code latencies.request}: ms from the first byte of the request to the last byte of the response. */
  long requestLatencyMs();

  /** {@code request.size}: bytes read from the client, head and body. */
  long requestBytes();

  /** {@code response.size}: bytes sent to the client, head and body. */
  long responseBytes();

  Source source();

  /**
   * The figures of a serialized entry ({@link LogEntry#toMap()}): the slow path for a runtime that
   * does not offer them directly.
   */
  static Measurements of(Map<String, Object> entry) {
    Map<?, ?> latencies = entry.get("latencies") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> request = entry.get("request") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> response = entry.get("response") instanceof Map<?, ?> m ? m : Map.of();
    long kong = number(latencies.get("kong"), 0);
    long proxy = number(latencies.get("proxy"), -1);
    long total = number(latencies.get("request"), 0);
    long in = number(request.get("size"), 0);
    long out = number(response.get("size"), 0);
    Source source = "upstream".equals(entry.get("source")) ? Source.SERVICE : Source.ERROR;
    return new Measurements() {
      @Override public long kongLatencyMs() { return kong; }
      @Override public long upstreamLatencyMs() { return proxy; }
      @Override public long requestLatencyMs() { return total; }
      @Override public long requestBytes() { return in; }
      @Override public long responseBytes() { return out; }
      @Override public Source source() { return source; }
    };
  }

  private static long number(Object o, long absent) {
    return o instanceof Number n ? n.longValue() : absent;
  }
}
