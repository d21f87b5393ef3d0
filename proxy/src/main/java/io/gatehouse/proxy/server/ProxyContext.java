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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.function.Supplier;

/**
 * What every connection of one server shares: settings compiled once, the config holder, the pools.
 * A reload ({@link #reconfigure}) swaps the settings; each is one volatile read, so a request in
 * flight may see some settings from before a reload and some from after, never a torn value.
 */
public final class ProxyContext {
  /** Fired on every client connection when the server quits: an idle one closes, a busy one after its answer. */
  public static final Object QUIT = new Object() {
    @Override
    public String toString() {
      return "QUIT";
    }
  };

  volatile ProxyOptions options;
  volatile HeaderSettings headers;
  volatile TrustedIps trustedIps;
  volatile boolean realIpIsForwardedFor;
  volatile ErrorBody.Format errorDefault;
  /** Set once the server quits: a connection closes after its current answer instead of keeping alive. */
  volatile boolean quitting;
  /** Every open client connection (they leave the group when they close). */
  public final ChannelGroup channels = new DefaultChannelGroup("gatehouse-proxy-clients", GlobalEventExecutor.INSTANCE);
  final Transport transport;
  final Balancing peers;
  final Supplier<CompiledConfig> config;
  /** The headers the gateway adds to client responses, decided in one place. */
  volatile GatewayResponseHeaders gatewayHeaders;
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
    reconfigure(options);
    this.transport = transport;
    this.peers = peers;
    this.config = config;
    this.events = RequestEvents.of(options.requestListeners());
  }

  /**
   * Takes the settings a running server can change: headers, trusted IPs and the real IP rules, the
   * error format, client timeouts and body limits. Listen addresses, worker threads, DNS and the
   * upstream keep-alive pools keep the values they started with.
   */
  public void reconfigure(ProxyOptions next) {
    HeaderSettings h = HeaderSettings.of(next.headers(), next.headersUpstream());
    TrustedIps ips = TrustedIps.of(next.trustedIps());
    ErrorBody.Format format = ErrorBody.Format.ofMediaType(next.errorDefaultType());
    String product = "gatehouse/" + next.productVersion();
    this.headers = h;
    this.gatewayHeaders = new GatewayResponseHeaders(h, product, product);
    this.trustedIps = ips;
    this.realIpIsForwardedFor = next.realIpHeader().equalsIgnoreCase("x-forwarded-for");
    this.errorDefault = format;
    this.options = next;
  }

  /** From now on a connection closes after its current answer (a graceful quit). */
  public void startQuitting() {
    quitting = true;
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
