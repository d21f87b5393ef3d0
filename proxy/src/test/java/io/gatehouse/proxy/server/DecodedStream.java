package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one decoder made of a response stream: the messages it framed (status, body bytes, whether
 * the body ended) and whether it rejected the stream. Both our {@link UpstreamResponseDecoder} and
 * Netty's {@link HttpResponseDecoder} are reduced to this, so their framing can be compared.
 */
final class DecodedStream {
  static final class Message {
    final int code;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete;
    /** Ours only: the head names a final coding other than chunked, so the body runs to the close. */
    boolean toCloseByCoding;
    /** Ours only: the connection may carry another response after this one. */
    boolean reusable = true;
    /** Ours only: the head has a Transfer-Encoding. */
    boolean transferEncoding;
    /** Ours only: a status (or HEAD) that has no body whatever the head says. */
    boolean bodyless;

    Message(int code) {
      this.code = code;
    }

    @Override
    public String toString() {
      return code + (complete ? " complete " : " open ") + ResponseStreams.escape(body.toByteArray());
    }
  }

  final List<Message> messages = new ArrayList<>();
  @Nullable String rejected;
  @Nullable Throwable rejectedBy;
  private final boolean headRequest;

  private DecodedStream(boolean headRequest) {
    this.headRequest = headRequest;
  }

  @Override
  public String toString() {
    return messages + (rejected == null ? "" : " rejected: " + rejected);
  }

  @Nullable Message current() {
    return messages.isEmpty() ? null : messages.getLast();
  }

  /** Our decoder on the stream, read by read, then the close. */
  static DecodedStream ours(ResponseStreams.Stream s) {
    UpstreamResponseDecoder decoder = new UpstreamResponseDecoder();
    decoder.headRequest = s.headRequest();
    DecodedStream d = new DecodedStream(s.headRequest());
    run(new EmbeddedChannel(decoder), s, d, true);
    return d;
  }

  /**
   * Netty's response decoder, told about HEAD the way its client codec is, with limits at least as
   * large as ours (so a size limit can only make ours the stricter one), identical duplicate
   * Content-Length values allowed (RFC 9110 §8.6 lets a recipient accept them; ours does), and no
   * validation of header names and values: what a header may contain is not framing (ours keeps
   * control characters other than CR, LF and NUL in values, as RFC 9110 §5.5 allows and nginx does).
   */
  static DecodedStream netty(ResponseStreams.Stream s) {
    HttpDecoderConfig config = new HttpDecoderConfig()
        .setMaxInitialLineLength(UpstreamResponseDecoder.MAX_HEAD)
        .setMaxHeaderSize(UpstreamResponseDecoder.MAX_HEAD)
        .setAllowDuplicateContentLengths(true)
        .setValidateHeaders(false)
        .setStrictLineParsing(false); // a bare LF ends a line (RFC 9112 §2.2 lets a recipient accept it; ours does)
    boolean head = s.headRequest();
    HttpResponseDecoder decoder = new HttpResponseDecoder(config) {
      @Override
      protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return (head && ((HttpResponse) msg).status().code() != 101) || super.isContentAlwaysEmpty(msg);
      }
    };
    DecodedStream d = new DecodedStream(s.headRequest());
    run(new EmbeddedChannel(decoder), s, d, false);
    return d;
  }

  private static void run(EmbeddedChannel ch, ResponseStreams.Stream s, DecodedStream d, boolean ours) {
    int from = 0;
    for (int end : s.readEnds()) {
      if (!ch.isOpen()) break; // our decoder closes the connection on a body it cannot frame
      ByteBuf read = Unpooled.buffer(end - from);
      read.writeBytes(s.bytes(), from, end - from);
      ch.writeInbound(read);
      from = end;
      drain(ch, d, ours);
    }
    if (!ch.isOpen() && ours && d.rejected == null) d.rejected = "connection closed by the decoder";
    ch.finish();
    drain(ch, d, ours);
    ch.finishAndReleaseAll();
  }

  private static void drain(EmbeddedChannel ch, DecodedStream d, boolean ours) {
    Object o;
    while ((o = ch.readInbound()) != null) {
      try {
        d.add(o, ours);
      } finally {
        ReferenceCountUtil.release(o);
      }
    }
  }

  private void add(Object o, boolean ours) {
    if (rejected != null) return; // nothing after a rejection counts
    if (o instanceof HttpResponse r) {
      DecoderResult result = r.decoderResult();
      if (result.isFailure()) {
        if (result.cause() instanceof PrematureChannelClosureException) return; // a head cut short: no message
        rejected = "head: " + result.cause();
        rejectedBy = result.cause();
        return;
      }
      Message m = new Message(r.status().code());
      if (ours && r instanceof UpstreamHead h) {
        boolean bodyless = h.code < 200 || h.code == 204 || h.code == 304 || headRequest;
        m.toCloseByCoding = h.otherCoding && !h.chunked && !bodyless;
        m.reusable = h.keepAlive();
        m.transferEncoding = h.chunked || h.otherCoding;
        m.bodyless = bodyless;
      }
      messages.add(m);
    }
    if (o instanceof HttpContent c) {
      Message m = current();
      if (c.decoderResult().isFailure()) {
        rejected = "body: " + c.decoderResult().cause();
        rejectedBy = c.decoderResult().cause();
        return;
      }
      if (m == null) throw new AssertionError("content before any head: " + o);
      m.body.writeBytes(ByteBufUtil.getBytes(c.content()));
      if (c instanceof LastHttpContent) m.complete = true;
    } else if (o instanceof ByteBuf) {
      // bytes after a 101: not HTTP any more, not compared
    } else if (!(o instanceof HttpResponse)) {
      throw new AssertionError("unexpected message " + o);
    }
  }
}
