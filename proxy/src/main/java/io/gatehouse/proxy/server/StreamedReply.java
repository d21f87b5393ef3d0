package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.plugins.DiscardedStream;
import io.gatehouse.proxy.plugins.PluginResponse;
import io.gatehouse.proxy.plugins.PluginRun;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's streamed answer ({@code exitStreaming}) on its way to the client: the head at once
 * (chunked on HTTP/1.1, DATA frames on HTTP/2), then the publisher's chunks one at a time — the
 * next is requested only when the last one is written and the client socket is writable again, so
 * a slow client slows the source. Signals arrive on any thread and are handled on the request's
 * event loop. The end of the stream ends the exchange (the log phase runs then); a failing stream
 * cuts the response short; a client that leaves cancels the subscription.
 */
final class StreamedReply implements Flow.Subscriber<byte[]> {
  private static final Logger log = LoggerFactory.getLogger(StreamedReply.class);

  private enum State {
    /** Chunks are flowing (or awaited). */
    STREAMING,
    /** Completed, failed or cancelled: later signals are ignored. */
    OVER
  }

  private final Exchange x;
  private final EventExecutor loop;
  private Flow.@Nullable Subscription subscription; // touched on the loop only
  private State state = State.STREAMING;
  private boolean requested; // a chunk was asked for and has not arrived yet
  /** Body bytes sent to the client. */
  long bytes;

  private StreamedReply(Exchange x) {
    this.x = x;
    this.loop = x.down.eventLoop();
  }

  /**
   * Sends the head of a plugin's streamed answer (after the header filters) and subscribes to its
   * body; returns the reply, or null when the answer went out whole instead (a header filter's
   * replacement), the stream then cancelled.
   */
  static @Nullable StreamedReply start(Exchange x, PluginResponse p, Flow.Publisher<byte[]> body, long latencyMs) {
    HttpHeaders h = new DefaultHttpHeaders();
    p.headers().forEach(h::set);
    h.remove(HttpHeaderNames.CONTENT_LENGTH);
    x.px.gatewayHeaders.local(h, latencyMs, x.requestId, null);
    if (x.down.canChunk()) {
      h.set(GatewayHeaders.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      x.clientKeepAlive = false; // HTTP/1.0: the body ends with the connection
    }
    x.down.connectionHeader(h, x.clientKeepAlive);
    x.responseStatus = p.status();
    HttpResponseStatus status = HttpResponseStatus.valueOf(p.status());
    PluginRun plugins = x.plugins;
    if (plugins != null) {
      plugins.headerFilter(p.status(), h, false);
      PluginResponse replacement = plugins.replacement();
      if (replacement != null) {
        DiscardedStream.cancel(body);
        x.responseStatus = replacement.status();
        x.responseStarted();
        x.down.sendWhole(LocalReply.replacement(replacement, h, false), false);
        x.streamedReplyEnded(true);
        return null;
      }
      if (plugins.status() != p.status()) {
        status = HttpResponseStatus.valueOf(plugins.status());
        x.responseStatus = plugins.status();
      }
    }
    StreamedReply reply = new StreamedReply(x);
    x.responseStarted();
    x.down.sendHead(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, h), false);
    x.down.flush();
    body.subscribe(reply);
    return reply;
  }

  // ------------------------------------------------------------------ Flow.Subscriber (any thread)

  @Override
  public void onSubscribe(Flow.Subscription s) {
    loop.execute(() -> {
      if (state == State.OVER || subscription != null) {
        s.cancel(); // cancelled before the subscription arrived, or a second one
        return;
      }
      subscription = s;
      requestNext();
    });
  }

  @Override
  public void onNext(byte[] chunk) {
    loop.execute(() -> chunk(chunk));
  }

  @Override
  public void onError(Throwable failure) {
    loop.execute(() -> {
      if (state == State.OVER) return;
      state = State.OVER;
      log.warn("request {}: a plugin's streamed answer failed after {} bytes: {}", x.requestId, bytes, failure.toString());
      x.streamedReplyEnded(false);
    });
  }

  @Override
  public void onComplete() {
    loop.execute(() -> {
      if (state == State.OVER) return;
      state = State.OVER;
      x.down.sendBody(LastHttpContent.EMPTY_LAST_CONTENT, true);
      x.streamedReplyEnded(true);
    });
  }

  // ------------------------------------------------------------------ on the event loop

  private void chunk(byte[] chunk) {
    requested = false;
    if (state == State.OVER) return;
    if (chunk.length > 0) {
      bytes += chunk.length;
      x.down.sendBody(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)), false);
      x.down.flush(); // each chunk as it comes: an event stream is read as it is written
    }
    requestNext();
  }

  /** The client socket drained: the next chunk may come. */
  void clientWritable() {
    requestNext();
  }

  private void requestNext() {
    Flow.Subscription s = subscription;
    if (state == State.OVER || requested || s == null || !x.down.writable()) return;
    requested = true;
    s.request(1);
  }

  /** The client went away or the exchange ended otherwise: the source stops. */
  void cancel() {
    if (state == State.OVER) return;
    state = State.OVER;
    Flow.Subscription s = subscription;
    if (s != null) s.cancel(); // else onSubscribe cancels it
  }
}
