package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The downstream side of one request: the client that sent it and gets the answer. The
 * {@link Exchange} drives a request through this seam only, so it does not assume HTTP/1.1:
 * {@link Http1Downstream} is today's implementation (one per client connection); an HTTP/2 stream
 * implements the same to drive the same coordinator. The request head arrives as an
 * {@link HttpRequest} and its body chunks are pushed to {@link Exchange#onRequestContent} with
 * backpressure through {@link #readBody}.
 */
interface Downstream {
  // ------------------------------------------------------------------ facts of the client side

  /** The client's IP address as text. */
  String peerIp();

  /** The address the client connected to, as text. */
  String localIp();

  /** The port the client connected to. */
  int listenPort();

  /** The port the client connected to, as text. */
  String listenPortText();

  /** Whether the request came over HTTP/2 (Kong's {@code ngx.req.http_version() == 2}). */
  default boolean http2() {
    return false;
  }

  /** The listener's scheme: {@code http} or {@code https}. */
  String scheme();

  /** The certificate chain the client presented over TLS, its own first; empty when none (computed once per connection). */
  List<X509Certificate> clientCertificates();

  /** nginx's {@code $connection}: a serial number of the client connection. */
  long connectionSerial();

  /** nginx's {@code $connection_requests}: requests read on the client connection so far. */
  int connectionRequests();

  /** The event loop of this request; its upstream connections live there too. */
  EventLoop eventLoop();

  ByteBufAllocator alloc();

  /** Whether the client asked to keep its connection after this request. */
  boolean keepAliveRequested(HttpRequest request);

  // ------------------------------------------------------------------ request body flow

  /** Backpressure: whether more request body may be read now. */
  void readBody(boolean on);

  /** Whether request body reading is paused. */
  boolean bodyPaused();

  // ------------------------------------------------------------------ response

  /** Whether the client side can take more response bytes now (else pause the upstream). */
  boolean writable();

  /** Answers {@code Expect: 100-continue} (like nginx, when the gateway is ready for the body). */
  void sendContinue();

  /** Whether a response head may go out as the origin's HTTP/1.1 bytes ({@link ForwardedHead}). */
  boolean forwardsRawHeads();

  /** A head already in HTTP/1.1 bytes; the body after it goes through {@link #sendRawBody}. */
  void sendRawHead(ByteBuf head);

  /** A body chunk after a raw head: as it is, or chunk-framed. */
  void sendRawBody(HttpContent c, boolean chunked, boolean last);

  /** A response head; the body follows through {@link #sendBody}. */
  void sendHead(HttpResponse head, boolean headRequest);

  void sendBody(HttpContent c, boolean last);

  /** A whole response at once (a local answer or a replacement). */
  void sendWhole(FullHttpResponse r, boolean headRequest);

  void flush();

  /** Whether a body of unknown length can be framed for this client (HTTP/1.1 chunked); else it ends with the connection. */
  boolean canChunk();

  /** Sets the client-side connection header of a response head ({@code close}, or {@code keep-alive} for HTTP/1.0). */
  void connectionHeader(HttpHeaders h, boolean keepAlive);

  /** Closes the client side at once (a response cut short). */
  void close();

  /** The exchange is over; the client side takes the next request, or closes. */
  void exchangeDone(boolean keepAlive);

  /** The origin switched protocols (WebSocket): the head goes out, then both sides become a byte tunnel. */
  void tunnel(HttpResponse head, Channel upstream);
}
