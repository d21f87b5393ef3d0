package io.gatehouse.proxy.server;

import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.events.RequestEvents;
import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.HeaderSettings;
import io.gatehouse.proxy.http.TrustedIps;
import io.gatehouse.proxy.runtime.CompiledConfig;
import io.gatehouse.proxy.upstream.Transport;
import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.function.Supplier;

/** What every connection of one server shares: settings compiled once, the config holder, the pools. */
public final class ProxyContext {
  final ProxyOptions options;
  final HeaderSettings headers;
  final TrustedIps trustedIps;
  final boolean realIpIsForwardedFor;
  final ErrorBody.Format errorDefault;
  final Transport transport;
  final Balancing peers;
  final Supplier<CompiledConfig> config;
  /** The headers the gateway adds to client responses, decided in one place. */
  final GatewayResponseHeaders gatewayHeaders;
  /** nginx's stub-status counts of the client connections. */
  public final ConnectionCounters counters = new ConnectionCounters();
  /** The request path's listeners, compiled once. */
  final RequestEvents events;
  private final FastThreadLocal<UpstreamPool> pools = new FastThreadLocal<>() {
    @Override
    protected UpstreamPool initialValue() {
      return new UpstreamPool(options.upstreamKeepalivePoolSize(), options.upstreamKeepaliveMaxRequests(),
          options.upstreamKeepaliveIdleTimeout().toMillis());
    }
  };

  private final FastThreadLocal<H2OriginPool> h2Pools = new FastThreadLocal<>() {
    @Override
    protected H2OriginPool initialValue() {
      return new H2OriginPool(options.upstreamKeepaliveMaxRequests(), options.upstreamKeepaliveIdleTimeout().toMillis());
    }
  };

  public ProxyContext(ProxyOptions options, Transport transport, Balancing peers, Supplier<CompiledConfig> config) {
    this.options = options;
    this.headers = HeaderSettings.of(options.headers(), options.headersUpstream());
    this.trustedIps = TrustedIps.of(options.trustedIps());
    this.realIpIsForwardedFor = options.realIpHeader().equalsIgnoreCase("x-forwarded-for");
    this.gatewayHeaders = new GatewayResponseHeaders(headers, "gatehouse/" + options.productVersion(),
        "gatehouse/" + options.productVersion());
    this.errorDefault = ErrorBody.Format.ofMediaType(options.errorDefaultType());
    this.transport = transport;
    this.peers = peers;
    this.config = config;
    this.events = RequestEvents.of(options.requestListeners());
  }

  /** The pool of the calling event loop. */
  UpstreamPool pool() {
    return pools.get();
  }

  /** The HTTP/2 origin connections (grpc/grpcs services) of the calling event loop. */
  H2OriginPool h2Pool() {
    return h2Pools.get();
  }
}
