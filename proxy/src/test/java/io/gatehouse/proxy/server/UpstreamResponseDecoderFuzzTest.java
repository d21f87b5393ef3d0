package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatehouse.testsupport.fuzz.Choices;
import io.gatehouse.testsupport.fuzz.FuzzRun;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.InvalidChunkTerminationException;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Differential fuzzing of {@link UpstreamResponseDecoder} against Netty's {@code
 * HttpResponseDecoder}: on the same random origin byte streams ({@link ResponseStreams}), split
 * into the same reads, both frame the same messages (status, body bytes, where each ends) or ours
 * rejects first. In the suite a bounded random run; coverage-guided by Jazzer with the command in
 * docs/testing.md.
 */
class UpstreamResponseDecoderFuzzTest {

  @Test
  void framingAgreesWithNettyOrOursIsStricter() {
    int tries = FuzzRun.run("upstream-response-framing", 4000, Duration.ofSeconds(10), c -> check(c));
    assertThat(tries).isPositive();
  }

  /**
   * Jazzer's coverage-guided entry point, run only on request ({@code JAZZER_FUZZ=1}, see
   * docs/testing.md): Jazzer's agent instruments every class loaded after it, which the rest of the
   * suite sharing this JVM must not pay for.
   */
  @FuzzTest(maxDuration = "10m")
  @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
  void framingAgreesWithNettyOrOursIsStricter(FuzzedDataProvider data) {
    check(Choices.of(data));
  }

  private static void check(Choices c) {
    ResponseStreams.Stream s = ResponseStreams.generate(c);
    DecodedStream ours = DecodedStream.ours(s);
    DecodedStream netty = DecodedStream.netty(s);
    String disagreement = disagreement(ours, netty);
    if (disagreement != null) {
      throw new AssertionError(disagreement + "\n  ours:  " + ours + "\n  netty: " + netty + "\n  stream: " + s);
    }
  }

  /** Why ours framed the stream differently from Netty and was not the stricter one, or null. */
  static @Nullable String disagreement(DecodedStream ours, DecodedStream netty) {
    int both = Math.min(ours.messages.size(), netty.messages.size());
    for (int i = 0; i < both; i++) {
      DecodedStream.Message o = ours.messages.get(i);
      DecodedStream.Message n = netty.messages.get(i);
      if (o.code != n.code) return "message " + i + ": status " + o.code + " vs " + n.code;
      if (o.code == 101) return null; // the connection left HTTP: nothing more to frame
      if (o.toCloseByCoding) {
        // RFC 9112 §6.3: a final coding other than chunked runs to the close, so the connection is never
        // reused and no later message can be mis-framed. Netty decodes chunked anywhere in the list.
        return i == ours.messages.size() - 1 ? null : "message " + i + ": read to close, yet more messages followed";
      }
      byte[] ob = o.body.toByteArray();
      byte[] nb = n.body.toByteArray();
      if (o.complete && n.complete) {
        if (!Arrays.equals(ob, nb)) return "message " + i + ": bodies differ";
        continue;
      }
      boolean last = i == ours.messages.size() - 1 && i == netty.messages.size() - 1;
      boolean nettyRefusedChunkLine = !n.complete && refusedChunkLineAsNginxReadsIt(netty.rejectedBy)
          && i == netty.messages.size() - 1;
      if (!o.complete && ours.rejected != null && i == ours.messages.size() - 1) { // ours refused this body
        return isPrefix(ob, nb) || (nettyRefusedChunkLine && isPrefix(nb, ob)) ? null
            : "message " + i + ": ours forwarded body bytes Netty did not frame";
      }
      if (nettyRefusedChunkLine) {
        return isPrefix(nb, ob) ? null : "message " + i + ": body before Netty's chunk-line refusal differs";
      }
      if (!o.complete && !n.complete && last) { // the stream ended inside this body for both
        return isPrefix(ob, nb) || isPrefix(nb, ob) ? null : "message " + i + ": partial bodies differ";
      }
      return "message " + i + ": ours " + (o.complete ? "ended" : "did not end") + " the body, Netty "
          + (n.complete ? "ended it" : netty.rejected != null ? "rejected it" : "did not");
    }
    if (ours.messages.size() > both && netty.rejectedBy != null) {
      DecodedStream.Message o = ours.messages.get(both);
      String why = String.valueOf(netty.rejectedBy.getMessage());
      if (why.startsWith("Invalid separator")) {
        // a control character (other than CR, LF, NUL) opening a header value: Netty refuses it, ours keeps
        // it as the value's first byte (RFC 9110 §5.5 allows it; nginx does it); no framing header changes
        return null;
      }
      if (why.startsWith("Multiple Content-Length values")) {
        // duplicates that differ only as text ("014", "14"): ours accepts the same decimal value (RFC 9110
        // §8.6) and refuses differing ones, so the length it frames with is the one both lines say
        return null;
      }
      if (o.transferEncoding && (!o.reusable || o.toCloseByCoding)) {
        // Netty refuses a head whose Transfer-Encoding is faulty: in an HTTP/1.0 response, beside a
        // Content-Length, or with chunked not last. Ours lets Transfer-Encoding win (a final coding other than
        // chunked runs to the close) and, as RFC 9112 §6.1 and §6.3 ask, never reuses the connection after it.
        return null;
      }
      if (o.bodyless) {
        // 1xx, 204, 304 and responses to HEAD have no body whatever their framing headers say (RFC 9112 §6.3),
        // so ours does not judge those headers; Netty refuses some combinations (chunked not last, ...)
        return null;
      }
    }
    if (ours.messages.size() > both) {
      return "ours framed message " + both + ", Netty " + (netty.rejected != null ? "rejected it" : "did not");
    }
    // Ours framed fewer messages or as many: it either rejected or never found the end of a head that
    // Netty framed or rejected; the exchange answers 502 for a head that never completes, so both are stricter.
    return null;
  }

  /**
   * Netty 4.2 refuses chunk lines that nginx (so Kong) accepts from an origin, and ours reads them
   * as nginx does: the hex size, then whitespace or an extension skipped to the line's end (a bare
   * CR refused); a bare LF ending a chunk-size line or the data; sizes of 2^31 and more. The size
   * is the same for both, so the data before the refusal must be too; past it Netty frames nothing.
   */
  private static boolean refusedChunkLineAsNginxReadsIt(@Nullable Throwable cause) {
    return cause instanceof NumberFormatException || cause instanceof InvalidChunkExtensionException
        || cause instanceof InvalidChunkTerminationException
        // Netty 4.2.18 fails this way on a chunk-extension byte of 0x80 or more (a signed index into its
        // character table): a refusal all the same
        || cause instanceof IndexOutOfBoundsException;
  }

  private static boolean isPrefix(byte[] prefix, byte[] of) {
    return prefix.length <= of.length && Arrays.equals(prefix, 0, prefix.length, of, 0, prefix.length);
  }
}
