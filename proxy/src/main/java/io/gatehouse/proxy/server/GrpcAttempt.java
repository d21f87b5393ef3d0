package io.gatehouse.proxy.server;

import io.gatehouse.proxy.runtime.ServiceTarget;
import io.gatehouse.proxy.tls.UpstreamTls;
import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * One upstream try of a {@code grpc}/{@code grpcs} service (Kong's {@code grpc_pass}): a stream on an
 * HTTP/2 connection to the origin — h2c with prior knowledge, or h2 over TLS chosen by ALPN — shared
 * through the event loop's {@link H2OriginPool}. The {@link Exchange} drives it like an HTTP/1.1 try:
 * the stream channel is the try's channel, Netty's stream codec turns the body into DATA frames and
 * the origin's frames into the HTTP objects the exchange relays (trailers arrive as the last
 * content's trailing headers). Backpressure is the stream's flow control both ways (writability,
 * auto-read); closing the stream early sends RST_STREAM, which is how a client's cancellation
 * reaches the origin.
 */
final class GrpcAttempt extends UpstreamAttempt {
  private boolean tls;

  GrpcAttempt(Exchange x, ProxyContext px) {
    super(x, px);
  }

  @Override
  void connect(ServiceTarget target, @Nullable String serverName, boolean allowPooled, boolean websocket) {
    int attempt = ++connectAttempts;
    InetSocketAddress address = peer().address();
    UpstreamTls upstreamTls = target.upstreamTls();
    tls = upstreamTls != null;
    UpstreamPool.Key key = new UpstreamPool.Key(address, upstreamTls, serverName);
    poolKey = key;
    startNanos = System.nanoTime();
    connectedNanos = -1;
    writeFailed = false;
    requestSent = false;
    bodyWritten = false;
    H2OriginPool pool = px.h2Pool();
    H2Origin origin = allowPooled ? pool.acquire(key) : null;
    reused = origin != null;
    if (origin == null) {
      origin = pool.add(key, x.down.eventLoop());
      dial(origin, target, upstreamTls, serverName, address);
    }
    H2Origin o = origin;
    o.whenReady(ch -> openStream(o, attempt), cause -> {
      if (!current(attempt)) return;
      boolean timeout = cause instanceof DialFailure d && d.timeout;
      x.onUpstreamFailure(timeout, false, cause instanceof DialFailure ? cause.getMessage()
          : "HTTP/2 connection to " + address + " failed: " + cause.getMessage());
    });
  }

  private boolean current(int attempt) {
    return !x.over() && attempt == connectAttempts;
  }

  /** Opens the connection; it belongs to the pool, not to this try (others may be waiting for it). */
  private void dial(H2Origin origin, ServiceTarget target, @Nullable UpstreamTls upstreamTls,
      @Nullable String serverName, InetSocketAddress address) {
    int connectTimeout = target.service().connectTimeout();
    ChannelFuture cf = new Bootstrap()
        .group(x.down.eventLoop())
        .channel(px.transport.socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (upstreamTls != null) {
              SslHandler ssl = upstreamTls.newHandler(ch.alloc(), serverName, address.getPort(), connectTimeout);
              offerH2(ssl.engine());
              ch.pipeline().addLast(ssl);
            }
          }
        })
        .connect(address);
    cf.addListener(f -> {
      if (!cf.isSuccess()) {
        boolean timeout = cf.cause() instanceof ConnectTimeoutException;
        origin.failed(new DialFailure(timeout, (timeout ? "connect timeout to " : connectError(cf.cause()) + " to ") + address));
        return;
      }
      Channel ch = cf.channel();
      SslHandler ssl = ch.pipeline().get(SslHandler.class);
      if (ssl == null) {
        origin.connected(ch);
        return;
      }
      ssl.handshakeFuture().addListener(h -> {
        if (h.isSuccess() && !ApplicationProtocolNames.HTTP_1_1.equals(ssl.engine().getApplicationProtocol())) {
          origin.connected(ch);
          return;
        }
        ch.close();
        boolean timeout = h.cause() instanceof SslHandshakeTimeoutException;
        origin.failed(new DialFailure(timeout, timeout ? "TLS handshake timeout with " + address
            : h.isSuccess() ? "the origin " + address + " did not accept HTTP/2 (ALPN)"
            : "TLS handshake failed with " + address + ": " + h.cause().getMessage()));
      });
    });
  }

  /** ALPN: offer h2 only, as nginx's grpc_pass does over TLS. */
  private static void offerH2(SSLEngine engine) {
    SSLParameters p = engine.getSSLParameters();
    p.setApplicationProtocols(new String[] {ApplicationProtocolNames.HTTP_2});
    engine.setSSLParameters(p);
  }

  private void openStream(H2Origin origin, int attempt) {
    if (!current(attempt)) {
      origin.unpromise();
      return;
    }
    Future<Http2StreamChannel> f = origin.openStream(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel s) {
        s.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false, true), new ResponseHeads(),
            new UpstreamHandler(px.pool(), null));
      }
    });
    f.addListener((Future<Http2StreamChannel> s) -> {
      if (!current(attempt)) {
        if (s.isSuccess()) s.getNow().close();
        return;
      }
      if (s.isSuccess()) {
        connected(s.getNow());
      } else {
        x.onUpstreamFailure(false, true, "cannot open an HTTP/2 stream to " + where() + ": " + s.cause().getMessage());
      }
    });
  }

  // ------------------------------------------------------------------ writing the request

  @Override
  void sendHead(String method, String uri, HttpHeaders headers) {
    Channel ch = channel();
    ch.write(new DefaultHttp2HeadersFrame(H2RequestHead.build(x.upstreamHead, method, uri, headers, tls ? "https" : "http")))
        .addListener(writeCheck);
    headSent();
  }

  @Override
  void writeBody(HttpContent c, boolean chunked) {
    if (c instanceof LastHttpContent) bodyWritten = true;
    channel().write(c).addListener(writeCheck); // the stream codec makes DATA frames (and trailers) of it
  }

  @Override
  void writeEmptyEnd(boolean chunked) {
    channel().write(LastHttpContent.EMPTY_LAST_CONTENT).addListener(writeCheck);
  }

  // ------------------------------------------------------------------ outcome

  /** The stream is over; closing it resets it if the request was cut short. The connection stays. */
  @Override
  void release(boolean requestComplete) {
    endTry();
    Channel ch = detach();
    if (ch != null) ch.close();
  }

  /** Why the connection could not be had; every exchange waiting for it hears the same. */
  static final class DialFailure extends Exception {
    final boolean timeout;

    DialFailure(boolean timeout, String message) {
      super(message, null, false, false);
      this.timeout = timeout;
    }
  }

  /** Drops what Netty's stream codec adds to a response head for HTTP/1.x readers (x-http2-stream-id). */
  private static final class ResponseHeads extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpResponse r) r.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
      ctx.fireChannelRead(msg);
    }
  }
}
