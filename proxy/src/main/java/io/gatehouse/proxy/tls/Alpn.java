package io.gatehouse.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;

/** What a TLS listener offers through ALPN: HTTP/1.1 only, or h2 first (Kong's {@code http2} listener flag). */
public enum Alpn {
  /** A client asking for h2 alone gets no ALPN answer and may fall back. */
  HTTP1(ApplicationProtocolNames.HTTP_1_1),
  /** h2 preferred, HTTP/1.1 still served. */
  H2(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

  final ApplicationProtocolConfig config;

  Alpn(String... protocols) {
    this.config = new ApplicationProtocolConfig(
        ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        protocols);
  }
}
