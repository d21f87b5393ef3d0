package io.gatehouse.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The log phase: the finished request and response. */
public interface LogContext extends PhaseContext {

  int status();

  /**
   * Kong's basic log serializer ({@code kong.log.serialize}): request, response, route, service,
   * consumer, latencies, client_ip, started_at … A fresh tree each call; credentials in
   * {@code Authorization}/{@code Proxy-Authorization} headers are redacted.
   */
  ObjectNode serialize();
}
