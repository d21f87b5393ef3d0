package io.gatehouse.sdk;

import java.util.Map;

/**
 * One request's log entry, Kong's {@code kong.log.serialize()}: {@code request}, {@code response},
 * {@code route}, {@code service}, {@code consumer}, {@code latencies}, {@code tries},
 * {@code client_ip}, {@code started_at} … (credentials in {@code Authorization} headers redacted).
 * A fresh entry per {@link LogPhase#serialize()} call, owned by the caller: it may be handed to
 * another thread (a sender queue) and encoded there.
 */
public interface LogEntry {

  /** The entry as compact JSON (UTF-8), what log sinks send. */
  byte[] toJsonBytes();

  /** The entry as compact JSON text. */
  default String toJson() {
    return new String(toJsonBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A copy of the entry in plain Java values: nested {@code Map<String, Object>} (in order),
   * {@code List<Object>}, {@code String}, numbers, {@code Boolean}, null.
   */
  Map<String, Object> toMap();
}
