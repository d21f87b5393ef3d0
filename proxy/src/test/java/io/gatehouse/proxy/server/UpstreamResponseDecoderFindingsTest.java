package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The minimal inputs of what {@link UpstreamResponseDecoderFuzzTest} found, pinned one by one. */
class UpstreamResponseDecoderFindingsTest {
  private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  /** What the decoder emitted (released) and whether it closed the connection; it must not throw. */
  private record Outcome(List<Object> kinds, boolean open, String trailer) {}

  private static Outcome decode(String bytes) {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamResponseDecoder());
    ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1)); // throws if the decoder does
    boolean open = ch.isOpen();
    List<Object> kinds = new ArrayList<>();
    String trailer = null;
    Object o;
    while ((o = ch.readInbound()) != null) {
      if (o instanceof UpstreamHead h) kinds.add(h.decoderResult().isSuccess() ? "head" : "failed head");
      if (o instanceof LastHttpContent l) {
        kinds.add("last");
        trailer = l.trailingHeaders().names().toString();
      }
      ReferenceCountUtil.release(o);
    }
    ch.finishAndReleaseAll();
    return new Outcome(kinds, open, trailer);
  }

  @Test
  void aTrailerThatIsNotAFieldClosesTheConnectionInsteadOfThrowing() {
    Outcome out = decode(CHUNKED_HEAD + "1\r\na\r\n0\r\nX-Tra\rier: 1\r\n\r\n");
    assertThat(out.open()).isFalse();
    assertThat(out.kinds()).containsExactly("head");
    assertThat(decode(CHUNKED_HEAD + "0\r\nX-Ctl: a\u0001b\r\n\r\n").open()).isFalse();
  }

  @Test
  void framingTrailersAreDroppedInsteadOfThrowing() {
    Outcome out = decode(CHUNKED_HEAD + "1\r\na\r\n0\r\nContent-Length: 5\r\nX-T: 1\r\n\r\n");
    assertThat(out.open()).isTrue();
    assertThat(out.kinds()).containsExactly("head", "last");
    assertThat(out.trailer()).isEqualTo("[X-T]");
  }

  @Test
  void chunkedNamedTwiceIsRefused() {
    assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        .kinds()).containsExactly("failed head");
    assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n").kinds())
        .containsExactly("failed head");
  }

  @Test
  void aBareCrInAChunkLineIsRefused() {
    Outcome out = decode(CHUNKED_HEAD + "1;a=b\rx\r\na\r\n0\r\n\r\n");
    assertThat(out.open()).isFalse();
    assertThat(decode(CHUNKED_HEAD + "1;a=b\r\na\r\n0\r\n\r\n").kinds()).containsExactly("head", "last");
  }

  @Test
  void aControlCharacterInTheReasonPhraseIsRefused() {
    assertThat(decode("HTTP/1.1 200 OK\u001c\r\nContent-Length: 0\r\n\r\n").kinds()).containsExactly("failed head");
    assertThat(decode("HTTP/1.1 200 O\tK\u00e9\r\nContent-Length: 0\r\n\r\n").kinds()).containsExactly("head", "last");
  }

  @Test
  void faultyTransferEncodingFramingNeverReusesTheConnection() {
    assertThat(head("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n").keepAlive()).isFalse();
    assertThat(head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n").keepAlive()).isFalse();
    assertThat(head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").keepAlive()).isTrue();
    assertThat(head("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\n").keepAlive()).isTrue();
  }

  private static UpstreamHead head(String text) {
    UpstreamHead h = UpstreamResponseDecoder.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(h.decoderResult().isSuccess()).isTrue();
    return h;
  }
}
