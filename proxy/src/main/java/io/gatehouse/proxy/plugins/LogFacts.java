package io.gatehouse.proxy.plugins;

import org.jspecify.annotations.Nullable;

/**
 * What only the request flow knows about a finished exchange, read by the log serializer when a
 * log handler asks for an entry. The flow implements it itself, so handing it to {@link
 * PluginRun#log(int, LogFacts)} allocates nothing; values are read during the log phase only.
 */
public interface LogFacts {

  /** The uri as sent upstream (path and query), or null when nothing was proxied. */
  @Nullable String upstreamUri();

  /** The status of the upstream's response, or 0 when none came (failed tries are in {@code tries}). */
  int upstreamCode();

  /** Request body bytes received (the serializer adds the head for {@code request.size}). */
  long requestBodyBytes();

  /** Response body bytes sent to the client (the serializer adds the head for {@code response.size}). */
  long responseBodyBytes();

  /** Time from the start of the request to the first upstream try (Kong's proxy latency), or -1. */
  long proxyLatencyMs();

  /** Time waiting for the upstream's response head (Kong's waiting time), or -1 when not proxied. */
  long upstreamLatencyMs();

  /** Time receiving the upstream's body after its head (Kong's receive time). */
  long receiveMs();

  /** Time since the request started ({@code $request_time} in ms). */
  long requestMs();
}
