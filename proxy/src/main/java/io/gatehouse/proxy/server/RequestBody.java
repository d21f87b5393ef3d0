package io.gatehouse.proxy.server;

import io.gatehouse.sdk.BodyLimit;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The request body relay of one {@link Exchange}. Buffered (a route's {@code request_buffering},
 * the default): the whole body is read into a {@link BodyBuffer} before the upstream is contacted
 * ({@link #bufferWhole}). Streamed: chunks go to the upstream try once its request is sent, and
 * wait here (up to {@link #MAX_PENDING}, then the client pauses) until then. Also the whole body a
 * plugin asked to read ({@code NeedsRequestBody}, up to {@link #MAX_BUFFERED}), a plugin's
 * replacement body, {@code client_max_body_size} and the plugins' streaming size cap.
 */
final class RequestBody {
  static final int MAX_PENDING = 64 * 1024;
  /** The most a plugin may have read into memory ({@code NeedsRequestBody}); more answers 413. */
  static final int MAX_BUFFERED = 16 * 1024 * 1024;

  private final Exchange x;
  private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(2);
  private int pendingBytes;
  /** The last chunk arrived. */
  boolean complete;
  /** A body byte went upstream (a streamed body is not kept: no retry after it). */
  boolean started;
  /** Bytes read from the client (for plugins' limits and the log). */
  long bytes;
  @Nullable BodyLimit limit;
  /** A plugin set the body (whole, in memory). */
  boolean replaced;
  private @Nullable Consumer<byte @Nullable []> waiter; // a plugin waits for the whole body
  private @Nullable BodyBuffer whole; // the body read whole before the upstream (request_buffering)

  RequestBody(Exchange x) {
    this.x = x;
  }

  int pendingBytes() {
    return pendingBytes;
  }

  /** A chunk from the client. */
  void onContent(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (last) complete = true;
    if (x.answered()) {
      c.release(); // answered already: discard the rest of the body
      if (last) x.maybeFinish();
      return;
    }
    bytes += c.content().readableBytes();
    long max = x.px.options.clientMaxBodySize();
    if (max > 0 && bytes > max) {
      c.release();
      x.bodyTooLarge();
      return;
    }
    if (limit != null && overLimit()) {
      c.release();
      return;
    }
    BodyBuffer w = whole;
    if (w != null) {
      w.add(c.content(), last); // trailers are dropped, as nginx drops them when it buffers
      return;
    }
    if (waiter != null) {
      bufferForPlugin(c, last);
      return;
    }
    UpstreamAttempt a = x.attempt;
    if (a != null && a.requestSent && a.channel() != null) {
      write(a, c);
      if (last) a.flush();
      if (!a.writable()) x.down.readBody(false);
      x.armUpstreamTimer();
      return;
    }
    pending.add(c);
    pendingBytes += c.content().readableBytes();
    if (pendingBytes > MAX_PENDING) x.down.readBody(false);
  }

  private void write(UpstreamAttempt a, HttpContent c) {
    if (c.content().isReadable()) started = true;
    a.writeBody(c, x.upstreamHead.chunked);
  }

  /**
   * Reads the whole body before the upstream is contacted: memory, then a temp file. {@code then}
   * runs on the event loop once all of it is stored; {@code failed} if the disk fails.
   */
  void bufferWhole(Runnable then, Consumer<String> failed) {
    var o = x.px.options;
    BodyBuffer w = new BodyBuffer(x.down.eventLoop(), x.down, o.clientBodyBufferSize(), o.clientBodyTempPath(), then,
        failed);
    whole = w;
    HttpContent c;
    while ((c = pending.poll()) != null) w.add(c.content(), c instanceof LastHttpContent);
    pendingBytes = 0;
    if (!complete) x.down.readBody(true);
  }

  /**
   * Whether the whole request went out on the try's connection: a buffered body may still be
   * read back from its file when the origin answers early.
   */
  boolean sentWhole(UpstreamAttempt a) {
    return complete && (whole == null || a.bodyWritten);
  }

  /** The size of a body read whole (valid once stored). */
  long bufferedSize() {
    return whole == null ? bytes : whole.size();
  }

  /** The upstream connection can take more (a spilled body's read-back goes on). */
  void upstreamWritable() {
    BodyBuffer w = whole;
    if (w != null) w.upstreamWritable();
  }

  /** After the request head: what waited goes out (a retry of a body-less request re-sends its end). */
  void sendPending(UpstreamAttempt a) {
    BodyBuffer w = whole;
    if (w != null) {
      w.sendTo(a); // kept whole: every try sends all of it, so it does not count as started
      return;
    }
    HttpContent c;
    while ((c = pending.poll()) != null) {
      write(a, c);
    }
    if (complete && a.sends() > 1 && !a.bodyWritten) {
      // retry of a body-less request: the end marker was consumed by the first try
      a.writeEmptyEnd(x.upstreamHead.chunked);
    }
    pendingBytes = 0;
  }

  /** {@link io.gatehouse.proxy.plugins.BodySource}: keeps reading until the whole body is in memory. */
  void readWhole(Consumer<byte @Nullable []> then) {
    if (complete) {
      then.accept(PendingBody.copy(pending));
      return;
    }
    waiter = then;
    x.down.readBody(true);
  }

  private void bufferForPlugin(HttpContent c, boolean last) {
    pending.add(c);
    pendingBytes += c.content().readableBytes();
    boolean tooLarge = pendingBytes > MAX_BUFFERED;
    if (!last && !tooLarge) return;
    Consumer<byte @Nullable []> then = waiter;
    waiter = null;
    if (tooLarge) x.down.readBody(false);
    then.accept(tooLarge ? null : PendingBody.copy(pending));
  }

  /** A body set by a plugin replaces the client's (which the plugin read whole). */
  void replace(byte[] body) {
    release();
    pending.add(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body)));
    pendingBytes = body.length;
    limit = null; // the client's body was checked before plugins rewrote it
    replaced = true;
    bytes = 0;
  }

  /** Checks the plugins' streaming body cap; past it, the exchange is told and true returned. */
  boolean overLimit() {
    BodyLimit l = limit;
    if (l == null || bytes <= l.maxBytes()) return false;
    limit = null;
    x.bodyOverLimit(l);
    return true;
  }

  void release() {
    BodyBuffer w = whole;
    if (w != null) w.release();
    HttpContent c;
    while ((c = pending.poll()) != null) c.release();
    pendingBytes = 0;
  }
}
