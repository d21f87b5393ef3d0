package io.gatehouse.proxy.server;

import io.gatehouse.core.model.Route;
import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.HopByHop;
import io.gatehouse.proxy.router.RouteMatch;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The headers the gateway sets on the upstream request (reference §5.1): hop-by-hop ones dropped,
 * {@code X-Forwarded-*} and {@code X-Real-IP} (a trusted client's own pass), {@code Via}, the
 * request id and {@code Host}. Written into the {@link UpstreamRequestHead}, never into the
 * client's headers. Stateless.
 */
final class Forwarding {
  private Forwarding() {}

  /**
   * @param realIp the client address after {@code real_ip_header} processing
   * @param setsHost whether the gateway sets Host (else the client's, or a plugin's, goes upstream)
   * @param hostHeader the Host the gateway sets
   */
  static void prepare(ProxyContext px, Downstream down, RequestView view, HttpRequest request, Route route,
      RouteMatch match, String realIp, boolean websocket, boolean setsHost, String hostHeader, String requestId,
      UpstreamRequestHead g) {
    HttpHeaders h = request.headers();
    String peer = down.peerIp();
    boolean trusted = px.trustedIps.contains(peer);
    String te = h.get(HttpHeaderNames.TE);
    HopByHop.stripRequest(h);
    g.set(UpstreamRequestHead.CONNECTION, websocket ? "keep-alive, Upgrade" : "keep-alive");
    g.set(UpstreamRequestHead.UPGRADE, websocket ? "websocket" : null);
    g.set(UpstreamRequestHead.TE, te != null && te.toLowerCase(Locale.ROOT).contains("trailers") ? "trailers" : null);

    String xff = h.get(GatewayHeaders.X_FORWARDED_FOR);
    g.set(UpstreamRequestHead.X_FORWARDED_FOR, xff == null ? realIp : xff + ", " + peer);
    // a trusted client's own X-Forwarded-* pass; anyone else's are replaced
    forwarded(g, h, trusted, UpstreamRequestHead.X_FORWARDED_PROTO, GatewayHeaders.X_FORWARDED_PROTO, down.scheme());
    forwarded(g, h, trusted, UpstreamRequestHead.X_FORWARDED_HOST, GatewayHeaders.X_FORWARDED_HOST, view.host());
    forwarded(g, h, trusted, UpstreamRequestHead.X_FORWARDED_PORT, GatewayHeaders.X_FORWARDED_PORT, down.listenPortText());
    forwarded(g, h, trusted, UpstreamRequestHead.X_FORWARDED_PATH, GatewayHeaders.X_FORWARDED_PATH, view.rawPath);
    String prefix = route.stripPath() && !match.matchedPrefix().equals("/") ? match.matchedPrefix() : null;
    forwarded(g, h, trusted, UpstreamRequestHead.X_FORWARDED_PREFIX, GatewayHeaders.X_FORWARDED_PREFIX, prefix);
    g.set(UpstreamRequestHead.X_REAL_IP, realIp);
    String via = h.get(HttpHeaderNames.VIA);
    String ours = px.gatewayHeaders.via(request.protocolVersion());
    g.set(UpstreamRequestHead.VIA, via == null ? ours : via + ", " + ours);
    g.set(UpstreamRequestHead.X_KONG_REQUEST_ID, px.headers.upstreamRequestId() ? requestId : UpstreamRequestHead.KEEP_CLIENTS);
    g.set(UpstreamRequestHead.HOST, setsHost ? hostHeader : UpstreamRequestHead.KEEP_CLIENTS);
  }

  private static void forwarded(UpstreamRequestHead g, HttpHeaders h, boolean trusted, int header, CharSequence name,
      @Nullable String value) {
    g.set(header, trusted && h.contains(name) ? UpstreamRequestHead.KEEP_CLIENTS : value);
  }

  /** {@code Upgrade: websocket} with {@code Connection: upgrade}. */
  static boolean isWebSocketUpgrade(HttpHeaders h) {
    String upgrade = h.get(HttpHeaderNames.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket")
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }
}
