package io.gatehouse.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** The log phase: the finished request and response. */
public interface LogContext extends PhaseContext {

  int status();

  /** The response headers as sent (empty when no response head went out through the filters). */
  ResponseHeaders responseHeaders();

  /**
   * Kong's basic log serializer ({@code kong.log.serialize}): request, response, route, service,
   * consumer, latencies, tries, client_ip, started_at … A fresh tree each call; credentials in
   * {@code Authorization}/{@code Proxy-Authorization} headers are redacted.
   */
  ObjectNode serialize();

  /**
   * {@code kong.log.set_serialize_value(key, value)} in its default {@code set} mode: every later
   * {@link #serialize()} of this request carries the value. Dotted keys create nested objects
   * ({@code a.b.c}), {@code \.} is a literal dot; a null value removes the field.
   */
  void setSerializeValue(String key, @Nullable Object value);
}
