package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.testsupport.fuzz.Choices;
import io.gatehouse.testsupport.fuzz.FuzzRun;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Fuzzes the client-side request decoding (our strict {@link RequestDecoder} with the listener's
 * settings) on random and mutated request streams: no exception escapes, no request it passes on
 * carries both Transfer-Encoding and Content-Length or an obs-fold, and it frames what Netty's
 * plain decoder frames or refuses first — never more.
 */
class RequestDecoderFuzzTest {
  private static final ProxyOptions OPTIONS = ProxyOptions.defaults();

  /** The listener's decoder settings (ProxyInitializer). */
  static HttpDecoderConfig listenerConfig() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(OPTIONS.maxRequestLine())
        .setMaxHeaderSize(OPTIONS.maxHeaderSize())
        .setMaxChunkSize(65536)
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setValidateHeaders(true);
  }

  @Test
  void requestDecodingNeverThrowsAndIsNeverLaxerThanNetty() {
    int tries = FuzzRun.run("client-request-decoding", 4000, Duration.ofSeconds(10), RequestDecoderFuzzTest::check);
    assertThat(tries).isPositive();
  }

  /** Jazzer's coverage-guided entry point, run only on request (JAZZER_FUZZ=1; docs/testing.md). */
  @FuzzTest(maxDuration = "10m")
  @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
  void requestDecodingNeverThrowsAndIsNeverLaxerThanNetty(FuzzedDataProvider data) {
    check(Choices.of(data));
  }

  private static void check(Choices c) {
    ResponseStreams.Stream s = RequestStreams.generate(c);
    List<String> ours = decode(new RequestDecoder(listenerConfig(), () -> {}), s, true);
    List<String> netty = decode(new HttpRequestDecoder(listenerConfig()), s, false);
    // ours = Netty's requests, or a prefix of them ending where ours refused
    int n = ours.size();
    boolean oursRefused = n > 0 && ours.get(n - 1).equals("REFUSED");
    List<String> framed = oursRefused ? ours.subList(0, n - 1) : ours;
    if (framed.size() > netty.size() || !netty.subList(0, framed.size()).equals(framed)
        || (!oursRefused && !ours.equals(netty))) {
      throw new AssertionError("ours " + ours + "\nnetty " + netty + "\nstream " + s);
    }
  }

  /** Each request as "METHOD target | body | complete?"; a refusal as "REFUSED", after which nothing counts. */
  private static List<String> decode(HttpRequestDecoder decoder, ResponseStreams.Stream s, boolean ours) {
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    List<String> out = new ArrayList<>();
    String head = null;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean refused = false;
    int from = 0;
    List<Object> msgs = new ArrayList<>();
    for (int end : s.readEnds()) {
      // a copy per read: a decoder may compact its input in place, which must not reach the shared bytes
      ch.writeInbound(Unpooled.copiedBuffer(s.bytes(), from, end - from));
      from = end;
      Object o;
      while ((o = ch.readInbound()) != null) msgs.add(o);
    }
    ch.finish(); // a decoder exception would surface here (EmbeddedChannel rethrows)
    Object o;
    while ((o = ch.readInbound()) != null) msgs.add(o);
    for (Object m : msgs) {
      try {
        if (refused) continue;
        if (m instanceof HttpRequest r) {
          if (r.decoderResult().isFailure()) {
            refused = true;
            out.add("REFUSED");
            continue;
          }
          if (ours) {
            assertThat(r.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) && r.headers().contains(HttpHeaderNames.CONTENT_LENGTH))
                .as("both Transfer-Encoding and Content-Length passed on: %s", s).isFalse();
          }
          head = r.method() + " " + r.uri() + " " + r.headers().get(HttpHeaderNames.HOST);
          body.reset();
        }
        if (m instanceof HttpContent content) {
          if (content.decoderResult().isFailure()) {
            refused = true;
            out.add("REFUSED");
            continue;
          }
          body.writeBytes(ByteBufUtil.getBytes(content.content()));
          if (content instanceof LastHttpContent) {
            out.add(head + " | " + ResponseStreams.escape(body.toByteArray()));
            head = null;
          }
        }
      } finally {
        ReferenceCountUtil.release(m);
      }
    }
    if (head != null && !refused) out.add(head + " | open"); // the stream ended inside a request
    ch.finishAndReleaseAll();
    return out;
  }
}
