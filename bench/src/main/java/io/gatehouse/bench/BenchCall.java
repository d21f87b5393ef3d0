package io.gatehouse.bench;

import io.gatehouse.proxy.events.ExchangeView;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** A finished call as the proxy's exchange view shows it: fixed facts whose strings exist before the call. */
public final class BenchCall implements ExchangeView {
  private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 9000);
  String requestId = "0123456789abcdef0123456789abcdef";
  long elapsedNanos = 3_000_000;
  int status = 200;
  String path = "/plain/anything";

  @Override public String requestId() { return requestId; }
  @Override public String method() { return "GET"; }
  @Override public String path() { return path; }
  @Override public String routeId() { return "6d1c7b1e-0000-4000-8000-00000000e002"; }
  @Override public String serviceId() { return "6d1c7b1e-0000-4000-8000-00000000e001"; }
  @Override public int status() { return status; }
  @Override public int tries() { return 1; }
  @Override public long requestBodyBytes() { return 0; }
  @Override public long responseBodyBytes() { return 412; }
  @Override public long elapsedNanos() { return elapsedNanos; }
  @Override public String routeName() { return "plain"; }
  @Override public String serviceName() { return "plain"; }
  @Override public @Nullable String consumerId() { return null; }
  @Override public String clientIp() { return "127.0.0.1"; }
  @Override public InetSocketAddress upstreamPeer() { return peer; }
  @Override public long kongLatencyMs() { return 1; }
  @Override public long upstreamLatencyMs() { return 2; }
}
