package io.gatehouse.proxy.server;

import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.HeaderSettings;
import io.gatehouse.proxy.http.TrustedIps;
import io.gatehouse.proxy.runtime.CompiledConfig;
import io.gatehouse.proxy.upstream.Transport;
import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.function.Supplier;

/** What every connection of one server shares: settings compiled once, the config holder, the pools. */
public final class ProxyContext {
  final ProxyOptions options;
  final HeaderSettings headers;
  final TrustedIps trustedIps;
  final boolean realIpIsForwardedFor;
  final String serverToken;
  final String viaToken;
  private final String via11;
  private final String via10;
  final ErrorBody.Format errorDefault;
  final Transport transport;
  final Balancing peers;
  final Supplier<CompiledConfig> config;
  final ForwardedHead.Gateway forwarded;
  /** nginx's stub-status counts of the client connections. */
  public final ConnectionCounters counters = new ConnectionCounters();
  private final FastThreadLocal<UpstreamPool> pools = new FastThreadLocal<>() {
    @Override
    protected UpstreamPool initialValue() {
      return new UpstreamPool(options.upstreamKeepalivePoolSize(), options.upstreamKeepaliveMaxRequests(),
          options.upstreamKeepaliveIdleTimeout().toMillis());
    }
  };

  public ProxyContext(ProxyOptions options, Transport transport, Balancing peers, Supplier<CompiledConfig> config) {
    this.options = options;
    this.headers = HeaderSettings.of(options.headers(), options.headersUpstream());
    this.trustedIps = TrustedIps.of(options.trustedIps());
    this.realIpIsForwardedFor = options.realIpHeader().equalsIgnoreCase("x-forwarded-for");
    this.serverToken = "gatehouse/" + options.productVersion();
    this.viaToken = "gatehouse/" + options.productVersion();
    this.via11 = "1.1 " + viaToken;
    this.via10 = "1.0 " + viaToken;
    this.forwarded = new ForwardedHead.Gateway(headers, serverToken, via10, via11);
    this.errorDefault = ErrorBody.Format.ofMediaType(options.errorDefaultType());
    this.transport = transport;
    this.peers = peers;
    this.config = config;
  }

  /** {@code Via} value for a message of this version: {@code 1.1 gatehouse/<version>} (built once per version). */
  String via(HttpVersion version) {
    if (version == HttpVersion.HTTP_1_1) return via11;
    if (version == HttpVersion.HTTP_1_0) return via10;
    return version.majorVersion() + "." + version.minorVersion() + " " + viaToken;
  }

  /** The pool of the calling event loop. */
  UpstreamPool pool() {
    return pools.get();
  }
}
