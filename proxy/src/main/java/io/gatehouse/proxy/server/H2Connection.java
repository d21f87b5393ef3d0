package io.gatehouse.proxy.server;

import io.gatehouse.proxy.tls.ClientCertificates;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/2 client connection: Netty's frame codec and multiplexer, one child channel per stream,
 * each stream an {@link H2Stream} driving its own {@link Exchange}. Holds the facts the streams
 * share (addresses, scheme, server name, nginx's {@code $connection} serial and request count) and
 * the connection's counts.
 *
 * <p>Limits as nginx's under Kong ({@link io.gatehouse.proxy.Http2Limits}: concurrent streams, the
 * initial stream window nginx derives from {@code http2_body_preread_size}, streams per connection
 * from {@code keepalive_requests}), the header list bounded by the HTTP/1.x head limit
 * ({@code large_client_header_buffers}; a list past it is answered 431 on its stream, a header block
 * past a quarter more ends the connection), 16 KiB frames. A stream-level error resets that stream,
 * a connection-level one sends GOAWAY (Netty's codec); rapid reset (CVE-2023-44487) and
 * CONTINUATION floods end the connection with GOAWAY. After {@code keepalive_requests} streams, or when
 * the node quits, {@link H2GracefulClose} ends it without losing a stream the client already sent, and
 * {@link H2LingeringClose} closes the socket without losing answers the client has not read.
 */
final class H2Connection extends ChannelInboundHandlerAdapter {
  /** RST_STREAM frames a client may send per window before the connection gets GOAWAY (rapid reset). */
  static final int MAX_RESETS = 200;
  static final int RESET_WINDOW_SECONDS = 30;

  final ProxyContext px;
  private final boolean tls;
  final @Nullable String sni;
  final long serial = ClientConnection.nextSerial();
  int requests;
  private int active; // streams with an exchange
  final String peerIp;
  final String localIp;
  final int listenPort;
  final String listenPortText;
  private ConnectionCounters.@Nullable Slot counts;
  private final Http2FrameCodec codec;
  private final Channel ch;
  private @Nullable List<X509Certificate> clientCertificates;
  private final H2GracefulClose ending;

  private H2Connection(ProxyContext px, Channel ch, boolean tls, @Nullable String sni, Http2FrameCodec codec) {
    this.px = px;
    this.ch = ch;
    this.tls = tls;
    this.sni = sni;
    this.codec = codec;
    this.ending = new H2GracefulClose(ch, px.options.http2Limits().maxConcurrentStreams());
    InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
    InetSocketAddress local = (InetSocketAddress) ch.localAddress();
    this.peerIp = peer.getAddress().getHostAddress();
    this.localIp = local.getAddress().getHostAddress();
    this.listenPort = local.getPort();
    this.listenPortText = Integer.toString(listenPort);
  }

  /** Installs HTTP/2 on an active connection; {@code sni} as for HTTP/1.x (null on plain HTTP). */
  static void install(ProxyContext px, Channel ch, boolean tls, @Nullable String sni) {
    io.gatehouse.proxy.Http2Limits limits = px.options.http2Limits();
    Http2Settings settings = Http2Settings.defaultSettings()
        .maxConcurrentStreams(limits.maxConcurrentStreams())
        .initialWindowSize(limits.bodyPrereadSize())
        .maxHeaderListSize(px.options.maxHeaderSize());
    Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .validateHeaders(true)
        .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS)
        .build();
    // closing after GOAWAY waits for the open streams however long they take, as nginx (their own
    // timeouts bound them); the codec the builder makes has 0 here: close at once, streams cut
    codec.gracefulShutdownTimeoutMillis(-1);
    H2Connection conn = new H2Connection(px, ch, tls, sni, codec);
    long idle = px.options.keepaliveTimeout().toMillis();
    ch.pipeline().addLast("h2linger", new H2LingeringClose());
    ch.pipeline().addLast("h2idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
    ch.pipeline().addLast("h2", codec);
    ch.pipeline().addLast("h2mux", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel s) {
        s.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true, true), new H2Stream(conn));
      }
    }));
    ch.pipeline().addLast("h2conn", conn);
    conn.counts = px.counters.slot();
    conn.counts.accepted();
  }

  String scheme() {
    return tls ? "https" : "http";
  }

  /** The client's certificate chain (empty on plain HTTP or when none was sent). */
  List<X509Certificate> clientCertificates() {
    List<X509Certificate> c = clientCertificates;
    if (c == null) {
      c = tls ? ClientCertificates.of(ch) : List.of();
      clientCertificates = c;
    }
    return c;
  }

  /**
   * A stream's request begins; the last one {@code keepalive_requests} allows sends GOAWAY, as nginx,
   * and the connection closes once the client has seen it and every stream it sent is done.
   */
  void streamStarted() {
    if (++requests == px.options.http2Limits().maxRequests()) ending.begin();
    ConnectionCounters.Slot c = counts;
    if (c == null) return;
    c.request();
    if (active++ == 0) c.move(ConnectionCounters.State.WAITING, ConnectionCounters.State.WRITING);
  }

  /** A stream's exchange is over. */
  void streamEnded() {
    ConnectionCounters.Slot c = counts;
    if (c == null) return;
    if (--active == 0) c.move(ConnectionCounters.State.WRITING, ConnectionCounters.State.WAITING);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof Http2PingFrame ping && ending.onPing(ping)) return;
    super.channelRead(ctx, msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    // keepalive_timeout: an h2 connection with no stream open for that long is closed (GOAWAY first)
    if (evt instanceof IdleStateEvent && codec.connection().numActiveStreams() == 0) {
      ctx.close();
      return;
    }
    if (evt == ProxyContext.QUIT) {
      ending.begin(); // GOAWAY, then the open streams finish
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ending.closed();
    ConnectionCounters.Slot c = counts;
    if (c != null) {
      c.closed(active > 0 ? ConnectionCounters.State.WRITING : ConnectionCounters.State.WAITING);
      counts = null;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a protocol error: the codec sends GOAWAY with its code and closes after this; closing here would say NO_ERROR
    if (cause instanceof Http2Exception) return;
    ctx.close();
  }
}
