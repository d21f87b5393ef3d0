package io.gatehouse.admin.analytics;

import io.gatehouse.proxy.events.ExchangeView;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** A finished exchange as the proxy's view shows it, with fixed facts (its strings exist before the call). */
final class FinishedCall implements ExchangeView {
  String requestId = "0123456789abcdef0123456789abcdef";
  int status = 200;
  long startNanos = 7_000_000;
  final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 9000);

  @Override public String requestId() { return requestId; }
  @Override public String method() { return "GET"; }
  @Override public String path() { return "/calls/hello"; }
  @Override public String routeId() { return "6d1c7b1e-0000-4000-8000-00000000a002"; }
  @Override public String serviceId() { return "6d1c7b1e-0000-4000-8000-00000000a001"; }
  @Override public int status() { return status; }
  @Override public int tries() { return 1; }
  @Override public long requestBodyBytes() { return 12; }
  @Override public long responseBodyBytes() { return 412; }
  @Override public long elapsedNanos() { return 3_000_000; }
  @Override public long startNanos() { return startNanos; }
  @Override public String routeName() { return "calls-route"; }
  @Override public String serviceName() { return "calls-svc"; }
  @Override public @Nullable String consumerId() { return null; }
  @Override public String clientIp() { return "127.0.0.1"; }
  @Override public InetSocketAddress upstreamPeer() { return peer; }
  @Override public long kongLatencyMs() { return 1; }
  @Override public long upstreamLatencyMs() { return 2; }
}
