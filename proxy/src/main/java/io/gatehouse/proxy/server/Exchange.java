package io.gatehouse.proxy.server;

import io.gatehouse.core.model.Route;
import io.gatehouse.plugin.BodyLimit;
import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.HopByHop;
import io.gatehouse.proxy.http.Millis;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.http.UpstreamPath;
import io.gatehouse.proxy.plugins.ConsumerHeaders;
import io.gatehouse.proxy.plugins.LogFacts;
import io.gatehouse.proxy.plugins.PluginResponse;
import io.gatehouse.proxy.plugins.PluginRun;
import io.gatehouse.proxy.plugins.RequestFacts;
import io.gatehouse.proxy.plugins.UpstreamTry;
import io.gatehouse.proxy.router.RouteMatch;
import io.gatehouse.proxy.runtime.CompiledConfig;
import io.gatehouse.proxy.runtime.ServiceTarget;
import io.gatehouse.proxy.tls.UpstreamServerName;
import io.gatehouse.proxy.tls.UpstreamTls;
import io.gatehouse.proxy.upstream.NoPeerException;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.PickState;
import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request from routing to the end of its response (Kong's {@code Kong.access} order, §4.10).
 * Everything runs on the client's event loop; the upstream connection is created on, or pooled
 * by, the same loop. Bodies stream: a full outbound channel turns off auto-read on the other side.
 */
final class Exchange implements LogFacts {
  private static final Logger log = LoggerFactory.getLogger(Exchange.class);
  private static final int MAX_PENDING_BODY = 64 * 1024;
  /** The most a plugin may have read into memory ({@code NeedsRequestBody}); more answers 413. */
  static final int MAX_BUFFERED_BODY = 16 * 1024 * 1024;
  static final String RESPONSE_DECODER = "response-decoder";

  private final ProxyContext px;
  private final ClientConnection conn;
  private final ChannelHandlerContext cctx;
  private final RequestView view;
  private final HttpRequest request;
  private final ResponseEncoder encoder;
  private final String requestId = RequestIds.next();
  private final UpstreamRequestHead upstreamHead = new UpstreamRequestHead();
  private final long startNanos = System.nanoTime();
  private final boolean head;
  private boolean clientKeepAlive;

  private @Nullable ServiceTarget target;
  private @Nullable Route route;
  private String upstreamUri = "/";
  private boolean websocket;
  private @Nullable PickState pick;
  private @Nullable Peer peer; // the peer of the try in flight; null once its observer heard ended()
  private @Nullable String failure; // why the last try failed, for the log and X-Gatehouse-Upstream-Error
  private boolean reused; // the try runs on a pooled keep-alive connection
  private boolean writeFailed;
  private @Nullable PluginRun plugins; // null when the snapshot configures no plugin
  private boolean pluginSetHost; // a plugin set Host in access: it goes upstream as set (Kong's upstream_host)
  private int responseStatus;

  // request side
  private boolean requestComplete;
  private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>(2);
  private int pendingBytes;
  private boolean bodyStarted;
  private long requestBodyBytes; // counted for plugins' body limits
  private @Nullable BodyLimit bodyLimit;
  private @Nullable Consumer<byte @Nullable []> bodyWaiter; // a plugin waits for the whole body

  // upstream side
  private @Nullable Channel upstream;
  private UpstreamPool.@Nullable Key poolKey;
  private boolean requestSent;
  private int tries;
  private long selectStartMillis; // when the balancer was asked for the try's peer (for the log's tries[])
  private long selectStartNanos;
  private long proxyLatencyMs = -1;
  private long upstreamStartNanos;
  // for the log entry (LogFacts): cheap counters, read only when a log handler serializes
  private int upstreamCode;
  private long upstreamLatencyMs = -1;
  private long upstreamHeadNanos;
  private long responseBodyBytes;
  private @Nullable Deadline upstreamTimer; // the upstream connection's, while attached
  private @Nullable UpstreamHandler upstreamHandler;
  private boolean timerIsWrite;
  private boolean skipInterim;
  private boolean upstreamKeepAlive;

  // response side
  private boolean responseStarted;
  private boolean responseDone;
  private boolean finished;
  private boolean discardUpstreamBody; // a header filter replaced the upstream response
  /** The response head went out as the origin's bytes ({@link ForwardedHead}); the body is framed here. */
  private int forwardedBody;
  private static final int AS_IS = 1;
  private static final int CHUNKED = 2;

  Exchange(ProxyContext px, ClientConnection conn, ChannelHandlerContext cctx, RequestView view, ResponseEncoder encoder) {
    this.px = px;
    this.conn = conn;
    this.cctx = cctx;
    this.view = view;
    this.request = view.request;
    this.encoder = encoder;
    this.head = request.method().equals(HttpMethod.HEAD);
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
  }

  boolean requestComplete() {
    return requestComplete;
  }

  // ------------------------------------------------------------------ routing

  void start() {
    CompiledConfig config = px.config.get();
    ConsumerHeaders.stripSpoofed(request.headers());
    if (!config.plugins().isEmpty()) {
      plugins = new PluginRun(config.plugins(), requestFacts(), requestId, cctx.channel().eventLoop());
      plugins.rewrite();
      if (plugins.response() != null) {
        respondPlugin(plugins.response());
        return;
      }
    }
    RouteMatch match = config.router().match(view);
    if (match == null) {
      respondCore(404, "no Route matched with those values");
      return;
    }
    route = match.route();
    target = config.service(route.serviceId());
    if (enforceHttps()) return;
    if (plugins != null) {
      plugins.access(route, target == null ? null : target.service(), match.uriCaptures(), match.namedCaptures(),
          this::readWholeBody, () -> afterAccess(match));
    } else {
      afterAccess(match);
    }
  }

  /**
   * Kong's protocol check after a route matched (§4.7): an https-only route reached over plain
   * HTTP answers 426, or redirects with the route's {@code https_redirect_status_code}. The scheme
   * is the listener's, or {@code X-Forwarded-Proto} from a trusted client. True when answered.
   */
  private boolean enforceHttps() {
    var protocols = route.protocols();
    if (!protocols.contains("https") || protocols.contains("http")) return false;
    boolean trusted = px.trustedIps.contains(conn.peerIp());
    String forwardedProto = trusted ? request.headers().get(GatewayHeaders.X_FORWARDED_PROTO) : null;
    String scheme = forwardedProto != null ? forwardedProto.trim().toLowerCase(Locale.ROOT) : conn.scheme();
    if (scheme.equals("https")) return false;
    int code = route.httpsRedirectStatusCode();
    if (code == 301 || code == 302 || code == 307 || code == 308) {
      String forwardedHost = trusted ? request.headers().get(GatewayHeaders.X_FORWARDED_HOST) : null;
      String host = forwardedHost != null ? forwardedHost : view.host();
      String uri = view.query == null ? view.rawPath : view.rawPath + "?" + view.query;
      respond(code, null, new byte[0], Map.of("Location", "https://" + host + uri));
      return true;
    }
    ErrorBody body = ErrorBody.forCore(426, "Please use HTTPS protocol", requestId,
        request.headers().get(HttpHeaderNames.ACCEPT));
    respond(426, body.contentType(), body.body().getBytes(StandardCharsets.UTF_8),
        Map.of("Connection", "Upgrade", "Upgrade", "TLS/1.2, HTTP/1.1"));
    return true;
  }

  private RequestFacts requestFacts() {
    String peer = conn.peerIp();
    String realIp = px.trustedIps.realIp(peer, request.headers().get(px.options.realIpHeader()), px.realIpIsForwardedFor,
        px.options.realIpRecursive());
    return new RequestFacts(request.method().name(), conn.scheme(), view.host(), view.port(), view.rawPath, view.query,
        request.headers(), realIp, peer, conn.localIp(), conn.listenPort(), conn.serial, conn.requests);
  }

  /** Kong's after-access work: answer for a plugin, or build the upstream request and connect. */
  private void afterAccess(RouteMatch match) {
    if (finished || responseStarted) return;
    if (plugins != null && plugins.response() != null) {
      respondPlugin(plugins.response());
      return;
    }
    if (plugins != null && plugins.appliesNone()) plugins = null; // nothing left for the later phases
    if (target == null) {
      respondCore(503, "no Service found with those values");
      return;
    }
    String path = UpstreamPath.build(view.normalizedPath, match.matchedPrefix(), route.stripPath(), target.service().path());
    String query = view.query;
    if (plugins != null) {
      path = plugins.upstreamPath(path);
      query = plugins.upstreamQuery(query);
      applyPluginBody();
      pluginSetHost = plugins.upstreamHostSet();
      bodyLimit = plugins.bodyLimit();
      if (bodyLimit != null && overBodyLimit()) return;
    }
    upstreamUri = query == null ? path : path + "?" + query;
    prepareUpstreamHeaders(match);
    if (HttpUtil.is100ContinueExpected(request)) {
      // Like nginx, answer 100 ourselves when we are ready for the body.
      cctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    request.headers().remove(HttpHeaderNames.EXPECT);
    selectPeer();
  }

  private void prepareUpstreamHeaders(RouteMatch match) {
    HttpHeaders h = request.headers();
    String peer = conn.peerIp();
    boolean trusted = px.trustedIps.contains(peer);
    String realIp = px.trustedIps.realIp(peer, h.get(px.options.realIpHeader()), px.realIpIsForwardedFor,
        px.options.realIpRecursive());

    pick = new PickState(new ExchangeFacts(view, match, realIp, plugins));
    websocket = isWebSocketUpgrade(h);
    String te = h.get(HttpHeaderNames.TE);
    HopByHop.stripRequest(h);
    UpstreamRequestHead g = upstreamHead;
    g.set(UpstreamRequestHead.CONNECTION, websocket ? "keep-alive, Upgrade" : "keep-alive");
    g.set(UpstreamRequestHead.UPGRADE, websocket ? "websocket" : null);
    g.set(UpstreamRequestHead.TE, te != null && te.toLowerCase(Locale.ROOT).contains("trailers") ? "trailers" : null);

    String xff = h.get(GatewayHeaders.X_FORWARDED_FOR);
    g.set(UpstreamRequestHead.X_FORWARDED_FOR, xff == null ? realIp : xff + ", " + peer);
    // a trusted client's own X-Forwarded-* pass; anyone else's are replaced
    setForwarded(h, trusted, UpstreamRequestHead.X_FORWARDED_PROTO, GatewayHeaders.X_FORWARDED_PROTO, conn.scheme());
    setForwarded(h, trusted, UpstreamRequestHead.X_FORWARDED_HOST, GatewayHeaders.X_FORWARDED_HOST, view.host());
    setForwarded(h, trusted, UpstreamRequestHead.X_FORWARDED_PORT, GatewayHeaders.X_FORWARDED_PORT, conn.listenPortText());
    setForwarded(h, trusted, UpstreamRequestHead.X_FORWARDED_PATH, GatewayHeaders.X_FORWARDED_PATH, view.rawPath);
    String prefix = route.stripPath() && !match.matchedPrefix().equals("/") ? match.matchedPrefix() : null;
    setForwarded(h, trusted, UpstreamRequestHead.X_FORWARDED_PREFIX, GatewayHeaders.X_FORWARDED_PREFIX, prefix);
    g.set(UpstreamRequestHead.X_REAL_IP, realIp);
    String via = h.get(HttpHeaderNames.VIA);
    String ours = px.via(request.protocolVersion());
    g.set(UpstreamRequestHead.VIA, via == null ? ours : via + ", " + ours);
    g.set(UpstreamRequestHead.X_KONG_REQUEST_ID, px.headers.upstreamRequestId() ? requestId : UpstreamRequestHead.KEEP_CLIENTS);
    boolean setHost = !pluginSetHost && (!route.preserveHost() || view.hostHeader == null);
    g.set(UpstreamRequestHead.HOST, setHost ? target.hostHeader() : UpstreamRequestHead.KEEP_CLIENTS);
  }

  private void setForwarded(HttpHeaders h, boolean trusted, int header, CharSequence name, @Nullable String value) {
    upstreamHead.set(header, trusted && h.contains(name) ? UpstreamRequestHead.KEEP_CLIENTS : value);
  }

  private static boolean isWebSocketUpgrade(HttpHeaders h) {
    String upgrade = h.get(HttpHeaderNames.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket")
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  // ------------------------------------------------------------------ upstream connection

  private void selectPeer() {
    if (plugins != null) {
      selectStartMillis = System.currentTimeMillis();
      selectStartNanos = System.nanoTime();
    }
    Future<Peer> f = px.peers.select(target, target.balancer(), pick, cctx.channel().eventLoop());
    if (f.isDone()) {
      onPeer(f);
    } else {
      f.addListener(x -> onPeer(f));
    }
  }

  private void onPeer(Future<Peer> f) {
    if (finished) {
      if (f.isSuccess()) f.getNow().observer().ended();
      return;
    }
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      if (cause instanceof NoPeerException) {
        failure = "no healthy target: " + cause.getMessage() + (failure == null ? "" : "; previous try: " + failure);
        // Kong: 503 from the access phase on the first try, nginx's 503 page during a retry
        if (tries == 0) respondCore(503, "failure to get a peer from the ring-balancer");
        else respondProxyError(503);
      } else if (cause instanceof UnknownHostException) {
        failure = "name resolution failed for " + target.service().host();
        respondCore(503, "name resolution failed");
      } else {
        failure = "dns/balancer resolve failed for " + target.service().host() + ": " + cause.getMessage();
        respondCore(500, "failed the initial dns/balancer resolve for '" + target.service().host() + "' with: "
            + cause.getMessage());
      }
      return;
    }
    if (proxyLatencyMs < 0) proxyLatencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    peer = f.getNow();
    pick.nextAttempt();
    tries++;
    if (plugins != null) {
      InetSocketAddress a = peer.address();
      plugins.addTry(new UpstreamTry(a.getAddress().getHostAddress(), a.getPort(), selectStartMillis,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - selectStartNanos), null, 0));
    }
    if (!pluginSetHost && (!route.preserveHost() || view.hostHeader == null)) {
      // Kong recomputes Host on every try: the target (or host_header) and its port
      upstreamHead.set(UpstreamRequestHead.HOST, peer.hostHeader(target.tls()));
    }
    connect(true);
  }

  /** Opens (or reuses) a connection to the current peer and sends the request. */
  private void connect(boolean allowPooled) {
    int attempt = ++connectAttempts;
    Peer p = peer;
    InetSocketAddress address = p.address();
    UpstreamTls tls = target.upstreamTls();
    if (tls != null && tls.problem() != null) {
      failUnusableTls(tls.problem());
      return;
    }
    String serverName = tls == null ? null : serverName(p);
    poolKey = new UpstreamPool.Key(address, tls, serverName);
    upstreamStartNanos = System.nanoTime();
    writeFailed = false;
    Channel pooled = websocket || !allowPooled ? null : px.pool().acquire(poolKey);
    reused = pooled != null;
    if (pooled != null) {
      attach(pooled);
      sendRequest();
      return;
    }
    ChannelFuture cf = new Bootstrap()
        .group(cctx.channel().eventLoop())
        .channel(px.transport.socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, target.service().connectTimeout())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc(), serverName, address.getPort(),
                  target.service().connectTimeout()));
            }
            UpstreamResponseDecoder decoder = new UpstreamResponseDecoder();
            ch.pipeline().addLast(RESPONSE_DECODER, decoder);
            ch.pipeline().addLast("upstream", new UpstreamHandler(px.pool(), decoder));
          }
        })
        .connect(address);
    cf.addListener(x -> {
      if (finished || attempt != connectAttempts) { // over, or superseded by a newer try
        if (cf.isSuccess()) cf.channel().close();
        return;
      }
      if (cf.isSuccess()) {
        SslHandler ssl = cf.channel().pipeline().get(SslHandler.class);
        if (ssl == null) {
          attach(cf.channel());
          sendRequest();
        } else {
          ssl.handshakeFuture().addListener(h -> onHandshake(h, cf.channel(), attempt, address));
        }
      } else {
        boolean timeout = cf.cause() instanceof ConnectTimeoutException;
        onUpstreamFailure(timeout, false, (timeout ? "connect timeout to " : connectError(cf.cause()) + " to ") + address);
      }
    });
  }

  /** Like nginx, the TLS handshake is part of connecting: a failed one is a connect error, retried per {@code retries}. */
  private void onHandshake(Future<?> h, Channel ch, int attempt, InetSocketAddress address) {
    if (finished || attempt != connectAttempts) {
      ch.close();
      return;
    }
    if (h.isSuccess()) {
      attach(ch);
      sendRequest();
      return;
    }
    ch.close();
    boolean timeout = h.cause() instanceof SslHandshakeTimeoutException;
    onUpstreamFailure(timeout, false, timeout ? "TLS handshake timeout with " + address
        : "TLS handshake failed with " + address + ": " + h.cause().getMessage());
  }

  /** The service's TLS settings could not be compiled: not the origin's fault, so no retry and no health report. */
  private void failUnusableTls(String problem) {
    failure = problem;
    if (plugins != null) plugins.failLastTry(502);
    endTry();
    respondProxyError(502);
  }

  /** The name for SNI and certificate checks: the Host sent upstream, else the target's name. */
  private @Nullable String serverName(Peer p) {
    String host = upstreamHead.host(request.headers());
    return UpstreamServerName.of(host != null ? host : p.hostname());
  }

  private void attach(Channel ch) {
    upstream = ch;
    UpstreamHandler h = ch.pipeline().get(UpstreamHandler.class);
    upstreamHandler = h;
    h.exchange = this;
    ch.config().setAutoRead(true);
    upstreamTimer = h.timer(ch.eventLoop());
  }

  private void detachHandler() {
    UpstreamHandler h = upstreamHandler;
    upstreamHandler = null;
    if (h != null && h.exchange == this) h.exchange = null;
  }

  /**
   * Lets go of the connection's timer. It belongs to the connection and serves its next exchange:
   * disarmed, not cancelled (a closing connection cancels it).
   */
  private void dropUpstreamTimer() {
    Deadline t = upstreamTimer;
    upstreamTimer = null;
    if (t != null) t.disarm();
  }

  private void sendRequest() {
    Channel ch = upstream;
    String method = plugins == null ? request.method().name() : plugins.upstreamMethod();
    upstreamHandler.decoder.headRequest = method.equals("HEAD");
    ch.write(upstreamHead.write(ch.alloc(), method, upstreamUri, request.headers())).addListener(writeCheck);
    requestSent = true;
    sends++;
    HttpContent c;
    while ((c = pendingBody.poll()) != null) {
      writeBody(c);
    }
    if (requestComplete && sends > 1 && !bodyWrittenThisTry) {
      // retry of a body-less request: the end marker was consumed by the first try
      BodyFraming.write(ch, LastHttpContent.EMPTY_LAST_CONTENT, upstreamHead.chunked, writeCheck);
    }
    pendingBytes = 0;
    ch.flush();
    if (!cctx.channel().config().isAutoRead() && !requestComplete) {
      cctx.channel().config().setAutoRead(true);
    }
    armUpstreamTimer();
  }

  private boolean bodyWrittenThisTry;
  private int connectAttempts; // the newest connect is the only one whose outcome counts
  private int sends; // requests written, stale-connection replays included

  private void writeBody(HttpContent c) {
    if (c.content().isReadable()) bodyStarted = true;
    if (c instanceof LastHttpContent) bodyWrittenThisTry = true;
    BodyFraming.write(upstream, c, upstreamHead.chunked, writeCheck);
  }

  private final ChannelFutureListener writeCheck = this::checkWrite;

  /**
   * A failed write ends the try — but only if it was written on the try's current connection: writes
   * queued on a connection we already gave up (closed for a replay or a retry) fail too, and must
   * not end the next try.
   */
  private void checkWrite(Future<?> f) {
    if (!f.isSuccess() && !finished && !responseDone && ((ChannelFuture) f).channel() == upstream) {
      writeFailed = true;
      onUpstreamFailure(false, true, "write failed" + (reused ? " on a reused connection" : "") + " to " + poolKey.address());
    }
  }

  private static String connectError(Throwable cause) {
    String m = String.valueOf(cause.getMessage());
    return cause instanceof java.net.ConnectException && m.toLowerCase(Locale.ROOT).contains("refused")
        ? "connection refused" : "connect failed (" + m + ")";
  }

  private void armUpstreamTimer() {
    if (upstreamTimer == null) return;
    if (!requestComplete && upstream != null && !upstream.isWritable()) {
      timerIsWrite = true;
      upstreamTimer.armMillis(target.service().writeTimeout());
    } else if (requestComplete) {
      timerIsWrite = false;
      upstreamTimer.armMillis(target.service().readTimeout());
    } else {
      upstreamTimer.disarm();
    }
  }

  // ------------------------------------------------------------------ request body

  void onRequestContent(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (last) requestComplete = true;
    if (responseDone || finished) {
      c.release(); // answered already: discard the rest of the body
      if (last) maybeFinish();
      return;
    }
    requestBodyBytes += c.content().readableBytes();
    if (bodyLimit != null && overBodyLimit()) {
      c.release();
      return;
    }
    if (bodyWaiter != null) {
      bufferForPlugin(c, last);
      return;
    }
    if (requestSent && upstream != null) {
      writeBody(c);
      if (last) upstream.flush();
      if (!upstream.isWritable()) cctx.channel().config().setAutoRead(false);
      armUpstreamTimer();
      return;
    }
    pendingBody.add(c);
    pendingBytes += c.content().readableBytes();
    if (pendingBytes > MAX_PENDING_BODY) cctx.channel().config().setAutoRead(false);
  }

  // ------------------------------------------------------------------ request body for plugins

  /** {@link io.gatehouse.proxy.plugins.BodySource}: keeps reading until the whole body is in memory. */
  private void readWholeBody(Consumer<byte @Nullable []> then) {
    if (HttpUtil.is100ContinueExpected(request)) {
      cctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      request.headers().remove(HttpHeaderNames.EXPECT);
    }
    if (requestComplete) {
      then.accept(PendingBody.copy(pendingBody));
      return;
    }
    bodyWaiter = then;
    cctx.channel().config().setAutoRead(true);
  }

  private void bufferForPlugin(HttpContent c, boolean last) {
    pendingBody.add(c);
    pendingBytes += c.content().readableBytes();
    boolean tooLarge = pendingBytes > MAX_BUFFERED_BODY;
    if (!last && !tooLarge) return;
    Consumer<byte @Nullable []> then = bodyWaiter;
    bodyWaiter = null;
    if (tooLarge) cctx.channel().config().setAutoRead(false);
    then.accept(tooLarge ? null : PendingBody.copy(pendingBody));
  }

  /** A body set by a plugin replaces the client's (which the plugin read whole). */
  private void applyPluginBody() {
    byte[] body = plugins.upstreamBody();
    if (body == null) return;
    if (!requestComplete) {
      // only a body a plugin read whole (NeedsRequestBody) can be replaced; the rest still streams
      log.warn("request {}: a plugin set a body without reading the client's; sending the client's", requestId);
      return;
    }
    releasePending();
    pendingBody.add(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body)));
    pendingBytes = body.length;
    bodyLimit = null; // the client's body was checked before plugins rewrote it
    requestBodyBytes = 0;
  }

  /** Checks the plugins' streaming body cap; past it, the exchange is answered and true returned. */
  private boolean overBodyLimit() {
    BodyLimit limit = bodyLimit;
    if (limit == null || requestBodyBytes <= limit.maxBytes()) return false;
    bodyLimit = null;
    clientKeepAlive = false; // the rest of the body is not read
    closeUpstream();
    if (responseStarted) {
      finished = true;
      releasePending();
      done(false);
      cctx.close();
    } else {
      respondPlugin(plugins.errorResponse(limit.status(), limit.message()));
    }
    return true;
  }

  void flushUpstream() {
    if (requestSent && upstream != null && !finished) upstream.flush();
  }

  void upstreamWritabilityChanged(boolean writable) {
    if (finished) return;
    if (writable && !requestComplete && !responseDone) cctx.channel().config().setAutoRead(true);
    armUpstreamTimer();
  }

  void clientWritabilityChanged(boolean writable) {
    if (upstream != null && !finished && responseStarted) upstream.config().setAutoRead(writable);
  }

  // ------------------------------------------------------------------ response

  void onUpstreamMessage(HttpObject msg) {
    if (finished || responseDone) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (upstreamTimer != null && !timerIsWrite && requestComplete) {
      upstreamTimer.armMillis(target.service().readTimeout());
    }
    if (msg instanceof HttpResponse r) {
      if (r.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        onUpstreamFailure(false, true, "invalid response from " + poolKey.address());
        return;
      }
      int code = r instanceof UpstreamHead u ? u.code : r.status().code();
      if (code == 101 && websocket) {
        ReferenceCountUtil.release(msg);
        switchToTunnel(r);
        return;
      }
      if (code >= 100 && code < 200) {
        skipInterim = true; // our own 100 Continue already went out
        ReferenceCountUtil.release(msg);
        return;
      }
      startResponse(r);
      if (msg instanceof HttpContent c) onResponseContent(c);
      return;
    }
    if (msg instanceof HttpContent c) {
      if (skipInterim) {
        c.release();
        if (c instanceof LastHttpContent) skipInterim = false;
        return;
      }
      if (!responseStarted) {
        c.release();
        return;
      }
      onResponseContent(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * The usual response — an HTTP/1.1 client, nothing unusual in the origin's head — goes out as
   * the origin's head bytes with the gateway's edits; header filters edit that head in place. A
   * body filter, a replaced response or an edit of the framing headers continue with Netty headers.
   */
  private void forwardHead(UpstreamHead u) {
    long upstreamLatency = upstreamResponded(u.code);
    upstreamKeepAlive = u.keepAlive();
    boolean bodyless = head || u.code == 204 || u.code == 304;
    boolean addChunked = !u.framed(head);
    responseStatus = u.code;
    ForwardedHead out = new ForwardedHead(px.forwarded, u, upstreamLatency, proxyLatencyMs, requestId,
        pick == null ? null : pick.setCookie(), addChunked, !clientKeepAlive);
    if (plugins != null) {
      plugins.headerFilter(u.code, out, true);
      if (plugins.replacement() != null || out.framingEdited() || plugins.filtersBody()) {
        finishHead(u.status(), out.toHttpHeaders(), u.framed(head));
        return;
      }
    }
    forwardedBody = !bodyless && (addChunked || u.chunked) ? CHUNKED : AS_IS;
    responseStarted = true;
    ChannelHandlerContext raw = conn.rawOut();
    raw.write(out.write(cctx.alloc()), raw.voidPromise());
  }

  /** Tells the balancer the try got a response; the upstream latency in ms. */
  private long upstreamResponded(int code) {
    upstreamHeadNanos = System.nanoTime();
    long upstreamNanos = upstreamHeadNanos - upstreamStartNanos;
    if (peer != null) peer.observer().responded(code, upstreamNanos);
    upstreamCode = code;
    upstreamLatencyMs = TimeUnit.NANOSECONDS.toMillis(upstreamNanos);
    return upstreamLatencyMs;
  }

  /** A body after a forwarded head: bytes as they are, or in chunks when the head said chunked. */
  private void writeForwarded(HttpContent c, boolean last) {
    ChannelHandlerContext raw = conn.rawOut();
    BodyFraming.write(raw, c, forwardedBody == CHUNKED, null);
    if (last) raw.flush();
  }

  private void startResponse(HttpResponse r) {
    if (r instanceof UpstreamHead u && ForwardedHead.applies(u) && request.protocolVersion() == HttpVersion.HTTP_1_1) {
      forwardHead(u);
      return;
    }
    long upstreamLatency = upstreamResponded(r.status().code());
    upstreamKeepAlive = HttpUtil.isKeepAlive(r);
    HttpHeaders h = r.headers();
    HopByHop.stripResponse(h);
    boolean framed = h.contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(r)
        || head || r.status().code() == 204 || r.status().code() == 304;
    if (!framed) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
        HttpUtil.setTransferEncodingChunked(r, true);
      } else {
        clientKeepAlive = false;
      }
    } else if (HttpUtil.isTransferEncodingChunked(r) && !request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
      clientKeepAlive = false;
    }
    if (px.headers.via()) {
      String via = h.get(HttpHeaderNames.VIA);
      String ours = px.via(r.protocolVersion());
      h.set(GatewayHeaders.VIA, via == null ? ours : via + ", " + ours);
    }
    if (px.headers.server() && !h.contains(HttpHeaderNames.SERVER)) h.set(GatewayHeaders.SERVER, px.serverToken);
    if (px.headers.upstreamLatency()) h.set(GatewayHeaders.X_KONG_UPSTREAM_LATENCY, Millis.text(upstreamLatency));
    if (px.headers.proxyLatency()) h.set(GatewayHeaders.X_KONG_PROXY_LATENCY, Millis.text(Math.max(0, proxyLatencyMs)));
    if (px.headers.upstreamStatus()) h.set(GatewayHeaders.X_KONG_UPSTREAM_STATUS, Integer.toString(r.status().code()));
    if (px.headers.requestId()) h.set(GatewayHeaders.X_KONG_REQUEST_ID, requestId);
    if (pick != null && pick.setCookie() != null) h.add(HttpHeaderNames.SET_COOKIE, pick.setCookie());
    setClientConnectionHeader(h);
    responseStatus = r.status().code();
    if (plugins != null) plugins.headerFilter(responseStatus, h, true);
    finishHead(r.status(), h, framed);
  }

  /** After the header filters: a replacement answers, else the head goes out through the encoder. */
  private void finishHead(HttpResponseStatus status, HttpHeaders h, boolean framed) {
    if (plugins != null) {
      if (plugins.replacement() != null) {
        sendReplacement(plugins.replacement(), h);
        return;
      }
      if (framed && !h.contains(HttpHeaderNames.CONTENT_LENGTH) && !chunked(h) && !head && responseStatus != 204
          && responseStatus != 304) {
        reframe(h); // a header filter dropped Content-Length (a body filter changes the size)
      }
    }
    responseStarted = true;
    encoder.headRequest = head;
    // void promises: a failed client write surfaces as exceptionCaught, which closes the connection
    cctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, h), cctx.voidPromise());
  }

  private static boolean chunked(HttpHeaders h) {
    return h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
  }

  /** A header filter replaced the upstream response: send the replacement whole, drop the upstream body. */
  private void sendReplacement(PluginResponse p, HttpHeaders h) {
    discardUpstreamBody = true;
    responseStatus = p.status();
    responseBodyBytes = head ? 0 : p.body().length;
    responseStarted = true;
    encoder.headRequest = head;
    cctx.writeAndFlush(replacementResponse(p, h));
  }

  private FullHttpResponse replacementResponse(PluginResponse p, HttpHeaders h) {
    boolean bodyless = p.status() == 204 || p.status() == 304 || p.status() < 200;
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (bodyless) h.remove(HttpHeaderNames.CONTENT_LENGTH);
    else h.setInt(GatewayHeaders.CONTENT_LENGTH, p.body().length);
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(p.status()),
        head || bodyless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(p.body()), h, EmptyHttpHeaders.INSTANCE);
  }

  private void reframe(HttpHeaders h) {
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
      h.set(GatewayHeaders.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      clientKeepAlive = false;
      setClientConnectionHeader(h);
    }
  }

  private void setClientConnectionHeader(HttpHeaders h) {
    if (!clientKeepAlive) {
      h.set(GatewayHeaders.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      h.set(GatewayHeaders.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  private void onResponseContent(HttpContent c) {
    if (discardUpstreamBody) {
      c.release();
      if (c instanceof LastHttpContent) onResponseComplete();
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (forwardedBody != 0) {
      responseBodyBytes += c.content().readableBytes();
      writeForwarded(c, last);
    } else {
      if (plugins != null && plugins.filtersBody()) c = filtered(c);
      responseBodyBytes += c.content().readableBytes();
      if (last) cctx.writeAndFlush(c, cctx.voidPromise());
      else cctx.write(c, cctx.voidPromise());
    }
    if (last) {
      onResponseComplete();
    } else if (!cctx.channel().isWritable()) {
      // Pause first: the flush may drain at once and fire the writable event that resumes reading.
      upstream.config().setAutoRead(false);
      cctx.flush();
    }
  }

  /** Passes a chunk through the plugins' body filters (a copy: filters work on byte arrays). */
  private HttpContent filtered(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    byte[] out = plugins.filterBody(ByteBufUtil.getBytes(c.content()), last);
    HttpContent replaced = last
        ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(out), ((LastHttpContent) c).trailingHeaders().copy())
        : new DefaultHttpContent(Unpooled.wrappedBuffer(out));
    c.release();
    return replaced;
  }

  void flushClient() {
    if (responseStarted && !finished) cctx.flush();
  }

  private void onResponseComplete() {
    responseDone = true;
    dropUpstreamTimer();
    endTry();
    Channel ch = upstream;
    upstream = null;
    if (ch != null) {
      detachHandler();
      if (upstreamKeepAlive && requestComplete && px.pool().countUse(ch)) {
        px.pool().release(poolKey, ch);
      } else {
        ch.close();
      }
    }
    if (!requestComplete) {
      // The origin answered before the whole body arrived: stop here rather than read the rest.
      clientKeepAlive = false;
    }
    maybeFinish();
  }

  private void maybeFinish() {
    if (finished || !responseDone) return;
    if (!requestComplete && clientKeepAlive) return; // keep discarding the body, then reuse the connection
    finished = true;
    releasePending();
    done(clientKeepAlive);
  }

  /** The exchange is over for the connection; plugins log it first. */
  private void done(boolean keepAlive) {
    runLog();
    conn.exchangeDone(keepAlive);
  }

  private void runLog() {
    PluginRun p = plugins;
    if (p != null) {
      plugins = null; // once
      p.log(responseStatus, this);
    }
  }

  // ------------------------------------------------------------------ LogFacts (read during the log phase)

  @Override
  public @Nullable String upstreamUri() {
    return tries > 0 ? upstreamUri : null;
  }

  @Override
  public int upstreamCode() {
    return upstreamCode;
  }

  @Override
  public long requestBodyBytes() {
    return requestBodyBytes;
  }

  @Override
  public long responseBodyBytes() {
    return responseBodyBytes;
  }

  @Override
  public long proxyLatencyMs() {
    return proxyLatencyMs;
  }

  @Override
  public long upstreamLatencyMs() {
    return upstreamLatencyMs;
  }

  @Override
  public long receiveMs() {
    return upstreamLatencyMs < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upstreamHeadNanos);
  }

  @Override
  public long requestMs() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  // ------------------------------------------------------------------ failures

  void onUpstreamClosed() {
    if (finished || responseDone) return;
    onUpstreamFailure(false, true, (reused ? "connection reset on a reused keep-alive connection to "
        : "connection closed before a complete response by ") + poolKey.address());
  }

  void onUpstreamTimeout() {
    if (finished || responseDone) return;
    onUpstreamFailure(true, true, (timerIsWrite ? "write timeout to " : "read timeout from ") + poolKey.address());
  }

  /** Tells the peer's observer the try is over (once). */
  private void endTry() {
    Peer p = peer;
    peer = null;
    if (p != null) p.observer().ended();
  }

  /**
   * A try failed. Retried like nginx's {@code proxy_next_upstream error timeout}: before the
   * response started, within {@code retries}, and once a body was sent only if we still have it
   * (never for POST/PATCH/LOCK after sending).
   */
  private void onUpstreamFailure(boolean timeout, boolean afterConnect, String reason) {
    if (finished || responseDone) return;
    failure = reason;
    boolean nonIdempotent = request.method().equals(HttpMethod.POST) || request.method().equals(HttpMethod.PATCH)
        || request.method().name().equals("LOCK");
    // A pooled connection the origin closed while idle: not the origin's fault, and (unless the
    // request may have been processed) replayed on a fresh connection to the same peer for free.
    boolean stale = reused && !timeout && !responseStarted && !skipInterim && !bodyStarted && !websocket
        && (!nonIdempotent || writeFailed);
    Channel ch = upstream;
    upstream = null;
    dropUpstreamTimer();
    if (ch != null) {
      detachHandler();
      ch.close();
    }
    if (stale && !responseStarted && peer != null) {
      log.debug("request {}: {}; retrying on a new connection", requestId, reason);
      requestSent = false;
      bodyWrittenThisTry = false;
      connect(false);
      return;
    }
    if (peer != null) peer.observer().failed(timeout);
    if (plugins != null) plugins.failLastTry(timeout ? 504 : 502);
    endTry();
    if (responseStarted) {
      // Headers are out: nothing to say to the client but closing.
      finished = true;
      releasePending();
      done(false);
      cctx.close();
      return;
    }
    // nginx's rule, refined: a non-idempotent request is retried only when no byte of it went out
    boolean replayable = !bodyStarted && !(afterConnect && requestSent && nonIdempotent && !writeFailed) && !websocket;
    if (replayable && tries <= target.service().retries()) {
      requestSent = false;
      bodyWrittenThisTry = false;
      selectPeer();
      return;
    }
    if (tries > 1) failure = "retries exhausted after " + tries + " tries; last: " + reason;
    respondProxyError(timeout ? 504 : 502);
  }

  void abortBadRequestBody() {
    if (finished) return;
    requestComplete = true;
    endTry();
    dropUpstreamTimer();
    Channel ch = upstream;
    upstream = null;
    if (ch != null) {
      detachHandler();
      ch.close(); // the origin must never see a body cut at a smuggling boundary as complete
    }
    clientKeepAlive = false;
    if (responseStarted) {
      finished = true;
      releasePending();
      done(false);
      return;
    }
    respondProxyError(400);
  }

  void clientTimedOut() {
    if (finished) return;
    clientKeepAlive = false;
    requestComplete = true;
    closeUpstream();
    if (responseStarted) {
      finished = true;
      releasePending();
      done(false);
      return;
    }
    respondProxyError(408);
  }

  void clientClosed() {
    if (!finished) runLog();
    finished = true;
    closeUpstream();
    releasePending();
  }

  private void closeUpstream() {
    dropUpstreamTimer();
    endTry();
    Channel ch = upstream;
    upstream = null;
    if (ch != null) {
      detachHandler();
      ch.close();
    }
  }

  private void releasePending() {
    HttpContent c;
    while ((c = pendingBody.poll()) != null) c.release();
    pendingBytes = 0;
  }

  // ------------------------------------------------------------------ generated responses

  /** {@code kong.response.error}: format from Accept only. */
  private void respondCore(int status, String message) {
    ErrorBody body = ErrorBody.forCore(status, message, requestId, request.headers().get(HttpHeaderNames.ACCEPT));
    respond(status, body);
  }

  /** nginx error page: Accept, else Content-Type, else error_default_type. */
  private void respondProxyError(int status) {
    ErrorBody body = ErrorBody.forProxyError(status, requestId, request.headers().get(HttpHeaderNames.ACCEPT),
        request.headers().get(HttpHeaderNames.CONTENT_TYPE), px.errorDefault);
    respond(status, body);
  }

  private void respond(int status, ErrorBody body) {
    respond(status, body.contentType(), body.body().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** {@code kong.response.exit}/{@code error} from a plugin. */
  private void respondPlugin(PluginResponse p) {
    respond(p.status(), p.contentType(), p.body(), p.headers());
  }

  private void respond(int status, @Nullable String contentType, byte[] bytes, Map<String, String> extra) {
    if (responseStarted || responseDone) return;
    closeUpstream();
    String reason = null;
    if (status >= 500) {
      reason = failure == null ? "gateway error" : failure;
      // the path only: a query string may carry credentials (?apikey=, ?jwt=), which never go to a log
      log.warn("request {} {} {} -> {}: {}", requestId, request.method(), view.rawPath, status, reason);
    }
    releasePending();
    boolean bodyless = status == 204 || status == 304 || status < 200;
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        head || bodyless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    HttpHeaders h = r.headers();
    if (contentType != null) h.set(GatewayHeaders.CONTENT_TYPE, contentType);
    if (!bodyless) h.setInt(GatewayHeaders.CONTENT_LENGTH, bytes.length);
    extra.forEach(h::set);
    if (px.headers.responseLatency()) {
      h.set(GatewayHeaders.X_KONG_RESPONSE_LATENCY, Millis.text(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
    }
    if (px.headers.server()) h.set(GatewayHeaders.SERVER, px.serverToken);
    if (px.headers.requestId()) h.set(GatewayHeaders.X_KONG_REQUEST_ID, requestId);
    if (reason != null && px.headers.upstreamError()) h.set("X-Gatehouse-Upstream-Error", reason);
    if (status == 408 || status == 400) clientKeepAlive = false;
    if (!requestComplete && (pendingBytes > 0 || HttpUtil.getContentLength(request, -1L) > MAX_PENDING_BODY
        || HttpUtil.isTransferEncodingChunked(request))) {
      clientKeepAlive = false; // do not read a large body only to drop it
    }
    setClientConnectionHeader(h);
    responseStatus = status;
    if (plugins != null) {
      plugins.headerFilter(status, h, false);
      if (plugins.replacement() != null) {
        r.release();
        r = replacementResponse(plugins.replacement(), h);
        responseStatus = r.status().code();
      }
    }
    responseBodyBytes = r.content().readableBytes();
    responseStarted = true;
    responseDone = true;
    encoder.headRequest = head;
    cctx.writeAndFlush(r);
    if (!requestComplete && clientKeepAlive) cctx.channel().config().setAutoRead(true);
    if (!requestComplete && !clientKeepAlive) {
      finished = true;
      done(false);
      return;
    }
    maybeFinish();
  }

  // ------------------------------------------------------------------ websocket

  private void switchToTunnel(HttpResponse r) {
    Channel up = upstream;
    upstream = null;
    dropUpstreamTimer();
    endTry(); // a tunnel is not a request in flight for least-connections
    HttpHeaders h = r.headers();
    if (px.headers.via()) h.add(GatewayHeaders.VIA, px.via(r.protocolVersion()));
    if (px.headers.requestId()) h.set(GatewayHeaders.X_KONG_REQUEST_ID, requestId);
    responseStarted = true;
    responseDone = true;
    finished = true;
    releasePending();
    responseStatus = 101;
    runLog();
    conn.upgraded();
    encoder.headRequest = false;
    HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), h);
    // Written synchronously through the HTTP encoder, then both pipelines become byte relays.
    cctx.writeAndFlush(out);
    Tunnel.join(cctx.channel(), up);
  }

  /** Used by tests and logging: how many tries this exchange made. */
  int tries() {
    return tries;
  }
}
