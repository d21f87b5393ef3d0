package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.proxy.http.HeaderSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The upstream decoder at every split point, and the forwarded head byte for byte. */
class UpstreamResponseDecoderTest {
  static final String CHUNKED = "HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "4;x=y\r\nabcd\r\n2\r\nef\r\n0\r\nX-T: 9\r\n\r\n"
      + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxyz";

  /** Everything the decoder emitted for the bytes, fed in two parts split at {@code at}. */
  static List<Object> decode(String response, int at) {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamResponseDecoder());
    byte[] b = response.getBytes(StandardCharsets.ISO_8859_1);
    ch.writeInbound(Unpooled.wrappedBuffer(b, 0, at));
    ch.writeInbound(Unpooled.wrappedBuffer(b, at, b.length - at));
    List<Object> out = new ArrayList<>();
    Object o;
    while ((o = ch.readInbound()) != null) out.add(o);
    ch.finishAndReleaseAll();
    return out;
  }

  @Test
  void twoResponsesDecodeTheSameWhereverTheBytesAreSplit() {
    for (int at = 0; at <= CHUNKED.length(); at++) {
      List<Object> out = decode(CHUNKED, at);
      StringBuilder bodies = new StringBuilder();
      int heads = 0;
      int lasts = 0;
      String trailer = null;
      for (Object o : out) {
        if (o instanceof UpstreamHead h) {
          assertThat(h.decoderResult().isSuccess()).as("split at %d", at).isTrue();
          heads++;
        }
        if (o instanceof HttpContent c) {
          bodies.append(c.content().toString(StandardCharsets.ISO_8859_1));
          if (c instanceof LastHttpContent l) {
            lasts++;
            bodies.append('|');
            if (!l.trailingHeaders().isEmpty()) trailer = l.trailingHeaders().get("X-T");
          }
          c.release();
        }
      }
      assertThat(heads).as("split at %d", at).isEqualTo(2);
      assertThat(lasts).as("split at %d", at).isEqualTo(2);
      assertThat(bodies.toString()).as("split at %d", at).isEqualTo("abcdef|xyz|");
      assertThat(trailer).as("split at %d", at).isEqualTo("9");
    }
  }

  @Test
  void headParsedOnceWithFramingFacts() {
    UpstreamHead h = UpstreamResponseDecoder.parse(("HTTP/1.0 200 OK\r\nContent-Length: 7\r\nConnection: Keep-Alive, X-Hop\r\n"
        + "Via : 1.0 a\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThat(h.decoderResult().isSuccess()).isTrue();
    assertThat(h.contentLength).isEqualTo(7);
    assertThat(h.keepAlive()).isTrue();
    assertThat(h.connectionNamesHeaders).isTrue();
    assertThat(h.headers().get("via")).isEqualTo("1.0 a");
    assertThat(h.status().code()).isEqualTo(200);
  }

  static final GatewayResponseHeaders GATEWAY = new GatewayResponseHeaders(HeaderSettings.of(Set.of("server_tokens",
      "latency_tokens", "x-kong-upstream-status", "x-kong-request-id"), Set.of()), "gh/1", "gh/1");

  static UpstreamHead head(String text) {
    return UpstreamResponseDecoder.parse(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String written(ForwardedHead f) {
    ByteBuf out = f.write(ByteBufAllocator.DEFAULT);
    try {
      return out.toString(StandardCharsets.ISO_8859_1);
    } finally {
      out.release();
    }
  }

  @Test
  void forwardedHeadIsTheOriginsLinesPlusTheGatewaysExactly() {
    UpstreamHead h = head("HTTP/1.1 404 Nope\r\nA: 1\r\nConnection: close\r\nVia: 1.0 x\r\nContent-Length: 0\r\n\r\n");
    ForwardedHead f = new ForwardedHead(GATEWAY, h, 3, 1, "id", "c=1", false, true);
    assertThat(written(f)).isEqualTo("HTTP/1.1 404 Nope\r\nA: 1\r\nContent-Length: 0\r\nVia: 1.0 x, 1.1 gh/1\r\n"
        + "Server: gh/1\r\nX-Kong-Upstream-Latency: 3\r\nX-Kong-Proxy-Latency: 1\r\n"
        + "X-Kong-Upstream-Status: 404\r\nX-Kong-Request-Id: id\r\nSet-Cookie: c=1\r\nConnection: close\r\n\r\n");
    assertThat(h.keepAlive()).isFalse();
  }

  @Test
  void headerFiltersEditTheForwardedHead() {
    UpstreamHead h = head("HTTP/1.1 200 OK\r\nX-Rm: 1\r\nx-multi: a\r\nX-Multi: b\r\nContent-Length: 2\r\n\r\n");
    ForwardedHead f = new ForwardedHead(GATEWAY, h, 0, 0, "id", null, false, false);
    assertThat(f.getAll("X-MULTI")).containsExactly("a", "b");
    assertThat(f.get("via")).isEqualTo("1.1 gh/1");
    f.remove("x-rm");
    f.set("X-Multi", "c");
    f.add("X-New", "n");
    f.remove("Server");
    assertThat(f.get("X-Rm")).isNull();
    assertThat(f.getAll("x-multi")).containsExactly("c");
    assertThat(f.names()).containsExactly("Content-Length", "Via", "X-Kong-Upstream-Latency", "X-Kong-Proxy-Latency",
        "X-Kong-Upstream-Status", "X-Kong-Request-Id", "X-Multi", "X-New");
    assertThat(f.framingEdited()).isFalse();
    assertThat(written(f)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nVia: 1.1 gh/1\r\n"
        + "X-Kong-Upstream-Latency: 0\r\nX-Kong-Proxy-Latency: 0\r\nX-Kong-Upstream-Status: 200\r\n"
        + "X-Kong-Request-Id: id\r\nX-Multi: c\r\nX-New: n\r\n\r\n");
    assertThat(f.toHttpHeaders().get("x-new")).isEqualTo("n");
    f.remove("content-length");
    assertThat(f.framingEdited()).as("the body must be re-framed").isTrue();
    assertThatThrownBy(() -> f.set("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.add("X-Split", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(f.get("X-Split")).isNull();
  }
}
