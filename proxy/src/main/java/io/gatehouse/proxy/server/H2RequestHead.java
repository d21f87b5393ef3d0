package io.gatehouse.proxy.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The head of a request sent to an origin over HTTP/2 (nginx's {@code grpc_pass}): the pseudo-headers
 * ({@code :authority} is the Host the gateway would send over HTTP/1.1, as Kong's {@code set_authority}
 * makes it), the client's headers (as plugins left them) minus the connection-specific ones and those
 * the gateway writes itself, then the gateway's headers from the same {@link UpstreamRequestHead}
 * an HTTP/1.1 try writes — so both protocols forward the same headers. Names are lower case, as
 * HTTP/2 requires.
 */
final class H2RequestHead {
  private H2RequestHead() {}

  static Http2Headers build(UpstreamRequestHead g, String method, String uri, HttpHeaders client, String scheme) {
    Http2Headers out = new DefaultHttp2Headers(false, client.size() + 16);
    out.method(method).scheme(scheme).path(uri);
    String authority = g.host(client);
    if (authority != null) out.authority(authority);
    Iterator<Map.Entry<CharSequence, CharSequence>> it = client.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      CharSequence name = e.getKey();
      int managed = UpstreamRequestHead.managed(name);
      if (managed == UpstreamRequestHead.HOST || managed == UpstreamRequestHead.CONNECTION
          || managed == UpstreamRequestHead.UPGRADE) {
        continue; // :authority carries Host; HTTP/2 has no connection headers
      }
      if (managed >= 0 && g.values[managed] != UpstreamRequestHead.KEEP_CLIENTS) continue;
      if (connectionSpecific(name)) continue;
      out.add(AsciiString.of(name).toLowerCase(), e.getValue());
    }
    for (int i = 0; i < g.values.length; i++) {
      if (i == UpstreamRequestHead.HOST || i == UpstreamRequestHead.CONNECTION || i == UpstreamRequestHead.UPGRADE) continue;
      String v = g.values[i];
      if (v == null || v == UpstreamRequestHead.KEEP_CLIENTS) continue;
      if (i == UpstreamRequestHead.TE && !v.equals("trailers")) continue; // the only TE HTTP/2 allows
      out.add(UpstreamRequestHead.name(i).toLowerCase(), v);
    }
    return out;
  }

  /** Headers HTTP/2 forbids (RFC 9113 §8.2.2), and what Netty's codec adds for HTTP/1.x readers. */
  private static boolean connectionSpecific(CharSequence name) {
    return AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)
        || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.KEEP_ALIVE)
        || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.PROXY_CONNECTION)
        || AsciiString.regionMatches(name, true, 0, "x-http2-", 0, 8);
  }
}
