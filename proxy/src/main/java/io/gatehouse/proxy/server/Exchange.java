package io.gatehouse.proxy.server;

import io.gatehouse.core.model.Route;
import io.gatehouse.sdk.BodyLimit;
import io.gatehouse.proxy.events.ExchangeView;
import io.gatehouse.proxy.events.RequestEvents;
import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.http.UpstreamPath;
import io.gatehouse.proxy.plugins.ConsumerHeaders;
import io.gatehouse.proxy.plugins.LogFacts;
import io.gatehouse.proxy.plugins.PluginResponse;
import io.gatehouse.proxy.plugins.PluginRun;
import io.gatehouse.proxy.plugins.RequestFacts;
import io.gatehouse.proxy.plugins.UpstreamTarget;
import io.gatehouse.proxy.plugins.UpstreamTry;
import io.gatehouse.proxy.router.RouteMatch;
import io.gatehouse.proxy.runtime.CompiledConfig;
import io.gatehouse.proxy.runtime.ServiceTarget;
import io.gatehouse.proxy.tls.UpstreamServerName;
import io.gatehouse.proxy.tls.UpstreamTls;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.upstream.NoPeerException;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.PickState;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one request, from routing to the end of its response (Kong's
 * {@code Kong.access} order, §4.10), driven through an explicit {@link Phase}. It decides; the
 * work is done by its parts: the client side ({@link Downstream}), one upstream try at a time
 * ({@link UpstreamAttempt}), what follows a failed try ({@link RetryDecision}), the body relays
 * ({@link RequestBody}, {@link ResponseRelay}), the local replies ({@link LocalReply}) and the
 * gateway's response headers ({@link GatewayResponseHeaders}). Everything runs on the client's
 * event loop; the request path's listeners hear it through {@link RequestEvents}.
 */
final class Exchange implements LogFacts, ExchangeView, Balancing.Lookups {
  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  /** Where the exchange is. Later phases never go back. */
  enum Phase {
    /** Routing and the rewrite/access plugins: nothing sent anywhere yet. */
    ROUTING,
    /** Picking peers and trying upstreams; the client has heard nothing yet. */
    PROXYING,
    /** The response head went to the client; its body streams. */
    RESPONDING,
    /** The response is complete; the request body may still be arriving (and is discarded). */
    ANSWERED,
    /** Over: logged, the connection told (or gone). */
    DONE
  }

  final ProxyContext px;
  final Downstream down;
  private final RequestView view;
  private final HttpRequest request;
  private final RequestEvents events;
  /** The request id's two random halves, kept so the call log need not parse {@link #requestId} back. */
  private final long requestIdHigh = ThreadLocalRandom.current().nextLong();
  private final long requestIdLow = ThreadLocalRandom.current().nextLong();
  final String requestId = RequestIds.format(requestIdHigh, requestIdLow);
  final UpstreamRequestHead upstreamHead = new UpstreamRequestHead();
  private final long startNanos = System.nanoTime();
  /**
   * When the answer was out ({@link #finish}), 0 before: the request's end for every listener and log
   * plugin alike, one clock read instead of one per reader.
   */
  private long endNanos;
  final boolean head;
  boolean clientKeepAlive;
  private Phase phase = Phase.ROUTING;

  private @Nullable ServiceTarget target;
  private @Nullable Route route;
  private String upstreamUri = "/";
  private @Nullable String routerPath; // computed before access when plugins run (Upstream.path())
  private boolean websocket;
  @Nullable PickState pick;
  private @Nullable String failure; // why the last try failed, for the log and X-Gatehouse-Upstream-Error
  @Nullable PluginRun plugins; // null when the snapshot configures no plugin
  private boolean pluginSetHost; // a plugin set Host in access: it goes upstream as set (Kong's upstream_host)
  int responseStatus;
  final RequestBody body = new RequestBody(this);
  private final ResponseRelay response = new ResponseRelay(this);
  private @Nullable StreamedReply streamed; // a plugin's streamed answer (exitStreaming) on its way
  @Nullable UpstreamAttempt attempt; // from the first try on
  private int tries;
  private long selectStartMillis; // when the balancer was asked for the try's peer (for the log's tries[])
  private long selectStartNanos;
  private long dnsStart; // a traced DNS lookup of the service host under way (tracing_instrumentations dns_query)
  long proxyLatencyMs = -1;
  // for the log entry (LogFacts): read only when a log handler serializes
  private int upstreamCode;
  private long upstreamLatencyMs = -1;
  private long upstreamHeadNanos;
  // for listeners (call logs): the last try's peer and who the plugins authenticated
  private @Nullable InetSocketAddress lastPeer;
  private io.gatehouse.sdk.@Nullable Consumer consumer;

  Exchange(ProxyContext px, Downstream down, RequestView view) {
    this.px = px;
    this.down = down;
    this.view = view;
    this.request = view.request;
    this.events = px.events;
    this.head = request.method().equals(HttpMethod.HEAD);
    this.clientKeepAlive = down.keepAliveRequested(request);
  }

  boolean requestComplete() {
    return body.complete;
  }

  /** Over: nothing more happens for this request. */
  boolean over() {
    return phase == Phase.DONE;
  }

  /** The response is complete (or the exchange over). */
  boolean answered() {
    return phase.compareTo(Phase.ANSWERED) >= 0;
  }

  private boolean responding() {
    return phase.compareTo(Phase.RESPONDING) >= 0;
  }

  /** The response head went out. */
  void responseStarted() {
    if (phase.compareTo(Phase.RESPONDING) < 0) phase = Phase.RESPONDING;
  }

  // ------------------------------------------------------------------ routing

  void start() {
    if (events.on) events.accepted(this);
    long max = px.options.clientMaxBodySize();
    if (max > 0 && HttpUtil.getContentLength(request, -1L) > max) {
      respondProxyError(413); // nginx's check, before any of Kong's Lua runs
      return;
    }
    CompiledConfig config = px.config.get();
    ConsumerHeaders.stripSpoofed(request.headers());
    if (!config.plugins().isEmpty()) {
      plugins = new PluginRun(config.plugins(), requestFacts(), requestId, down.eventLoop());
      plugins.rewrite();
      if (plugins.response() != null) {
        respondPlugin(plugins.response());
        return;
      }
    }
    long routerStart = plugins == null ? 0 : plugins.routerStarts();
    RouteMatch match = config.router().match(view);
    if (routerStart != 0) plugins.routerEnded(routerStart, match != null);
    if (match == null) {
      respondCore(404, "no Route matched with those values");
      return;
    }
    route = match.route();
    target = config.service(route.serviceId());
    if (events.on) events.routed(this);
    LocalReply.Reply httpsOnly = LocalReply.httpsRequired(px, down, view, route, requestId);
    if (httpsOnly != null) {
      respond(httpsOnly);
      return;
    }
    LocalReply.Reply grpcMismatch = GrpcReplies.routeMismatch(down, request, route,
        forwardedScheme(down.peerIp()), requestId);
    if (grpcMismatch != null) {
      respond(grpcMismatch);
      return;
    }
    if (plugins != null) {
      if (target != null) {
        routerPath = UpstreamPath.build(view.normalizedPath, match.matchedPrefix(), route.stripPath(), target.service().path());
        plugins.routerPath(routerPath);
      }
      plugins.access(route, target == null ? null : target.service(), match.uriCaptures(), match.namedCaptures(),
          this::readWholeBody, () -> afterAccess(match));
    } else {
      afterAccess(match);
    }
  }

  private RequestFacts requestFacts() {
    String peer = down.peerIp();
    String realIp = px.trustedIps.realIp(peer, request.headers().get(px.options.realIpHeader()), px.realIpIsForwardedFor,
        px.options.realIpRecursive());
    return new RequestFacts(request.method().name(), down.scheme(), view.host(), view.port(), view.rawPath, view.query,
        request.headers(), realIp, peer, down.localIp(), down.listenPort(), down.connectionSerial(),
        down.connectionRequests(), forwardedScheme(peer), down.clientCertificates(), down.httpVersion(request), via());
  }

  /** Kong's {@code (ngx.var.http2 and "2 " or "1.1 ") .. server_tokens}, when {@code Via} is on. */
  private @Nullable String via() {
    return px.gatewayHeaders.pluginVia(down instanceof H2Stream);
  }

  /** X-Forwarded-Proto only from a trusted peer (Kong's get_forwarded_scheme), else the listener's scheme. */
  private String forwardedScheme(String peer) {
    String proto = px.trustedIps.contains(peer) ? request.headers().get(GatewayHeaders.X_FORWARDED_PROTO) : null;
    return proto != null ? proto.trim() : down.scheme();
  }

  /** Kong's after-access work: answer for a plugin, or build the upstream request and connect. */
  private void afterAccess(RouteMatch match) {
    if (phase != Phase.ROUTING) {
      // the client left while an async plugin waited: a streamed answer it made has no one to go to
      var orphan = plugins == null ? null : plugins.streamedBody();
      if (orphan != null) io.gatehouse.proxy.plugins.DiscardedStream.cancel(orphan);
      return;
    }
    if (plugins != null && plugins.response() != null) {
      respondPlugin(plugins.response());
      return;
    }
    if (plugins != null && plugins.appliesNone()) plugins = null; // nothing left for the later phases
    if (target == null) {
      respondCore(503, "no Service found with those values");
      return;
    }
    String path = routerPath != null ? routerPath
        : UpstreamPath.build(view.normalizedPath, match.matchedPrefix(), route.stripPath(), target.service().path());
    String query = view.query;
    if (plugins != null) {
      UpstreamTarget chosen = plugins.upstreamTarget();
      if (chosen != null) target = target.redirected(chosen);
      path = plugins.upstreamPath(path);
      query = plugins.upstreamQuery(query);
      applyPluginBody();
      pluginSetHost = plugins.upstreamHostSet();
      body.limit = plugins.bodyLimit();
      if (body.limit != null && body.overLimit()) return;
    }
    upstreamUri = query == null ? path : path + "?" + query;
    prepareUpstreamHeaders(match);
    if (HttpUtil.is100ContinueExpected(request)) {
      down.sendContinue(); // like nginx, answer 100 ourselves when we are ready for the body
    }
    request.headers().remove(HttpHeaderNames.EXPECT);
    phase = Phase.PROXYING;
    if (buffersBody()) {
      body.bufferWhole(this::bodyStored, this::bodyStoreFailed);
      return;
    }
    selectPeer();
  }

  /**
   * Whether the body is read whole before the upstream is contacted (the route's
   * {@code request_buffering}, nginx's {@code proxy_request_buffering}): so a body the client
   * breaks midway never reaches the origin. Only requests that have a body; never a WebSocket.
   */
  private boolean buffersBody() {
    if (!route.requestBuffering() || websocket || grpcService()) return false; // grpc_pass never buffers: streams both ways
    if (body.replaced) return false; // a plugin's body, whole already
    return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
  }

  /** The whole body is stored: the origin gets it with its length, as nginx sends a buffered body. */
  private void bodyStored() {
    if (phase != Phase.PROXYING) return;
    HttpHeaders h = request.headers();
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    h.set(HttpHeaderNames.CONTENT_LENGTH, body.bufferedSize());
    selectPeer();
  }

  private void bodyStoreFailed(String reason) {
    if (over()) return;
    failure = reason;
    clientKeepAlive = false;
    respondProxyError(500);
  }

  /** {@code client_max_body_size} was passed while the body arrived: 413, as nginx answers. */
  void bodyTooLarge() {
    if (over()) return;
    clientKeepAlive = false;
    body.complete = true; // the rest is never read
    closeUpstream();
    if (responding()) {
      end(false);
      down.close();
      return;
    }
    respondProxyError(413);
  }

  private void prepareUpstreamHeaders(RouteMatch match) {
    String realIp = px.trustedIps.realIp(down.peerIp(), request.headers().get(px.options.realIpHeader()),
        px.realIpIsForwardedFor, px.options.realIpRecursive());
    pick = new PickState(new ExchangeFacts(view, match, realIp, plugins));
    websocket = Forwarding.isWebSocketUpgrade(request.headers());
    Forwarding.prepare(px, down, view, request, route, match, realIp, websocket, setsHost(), target.hostHeader(),
        requestId, upstreamHead);
  }

  /** Whether the gateway sets the upstream Host (not preserve_host with a client Host, not a plugin's). */
  private boolean setsHost() {
    return !pluginSetHost && (!route.preserveHost() || view.hostHeader == null);
  }

  // ------------------------------------------------------------------ request body

  void onRequestContent(HttpContent c) {
    body.onContent(c);
  }

  /** {@link io.gatehouse.proxy.plugins.BodySource}: keeps reading until the whole body is in memory. */
  private void readWholeBody(Consumer<byte @Nullable []> then) {
    if (HttpUtil.is100ContinueExpected(request)) {
      down.sendContinue();
      request.headers().remove(HttpHeaderNames.EXPECT);
    }
    body.readWhole(then);
  }

  /** A body set by a plugin replaces the client's (which the plugin read whole). */
  private void applyPluginBody() {
    byte[] b = plugins.upstreamBody();
    if (b == null) return;
    if (!body.complete) {
      // only a body a plugin read whole (NeedsRequestBody) can be replaced; the rest still streams
      log.warn("request {}: a plugin set a body without reading the client's; sending the client's", requestId);
      return;
    }
    body.replace(b);
  }

  /** The plugins' streaming body cap was passed: the rest of the body is not read. */
  void bodyOverLimit(BodyLimit limit) {
    clientKeepAlive = false;
    closeUpstream();
    if (responding()) {
      end(false);
      down.close();
    } else {
      respondPlugin(plugins.errorResponse(limit.status(), limit.message()));
    }
  }

  void flushUpstream() {
    UpstreamAttempt a = attempt;
    if (a != null && a.requestSent && a.channel() != null && !over()) a.flush();
  }

  void upstreamWritabilityChanged(boolean writable) {
    if (over()) return;
    if (writable && !body.complete && !answered()) down.readBody(true);
    if (writable) body.upstreamWritable();
    armUpstreamTimer();
  }

  void clientWritabilityChanged(boolean writable) {
    if (writable && streamed != null && !over()) streamed.clientWritable();
    UpstreamAttempt a = attempt;
    if (a != null && a.channel() != null && !over() && responding()) a.channel().config().setAutoRead(writable);
  }

  void armUpstreamTimer() {
    if (attempt != null) attempt.armTimer(body.complete, target);
  }

  // ------------------------------------------------------------------ upstream tries

  private void selectPeer() {
    if (plugins != null) {
      selectStartMillis = System.currentTimeMillis();
      selectStartNanos = System.nanoTime();
    }
    if (plugins != null && target.balancer() == null && !NetUtil.isValidIpV4Address(target.host())
        && !NetUtil.isValidIpV6Address(target.host())) {
      dnsStart = plugins.dnsStarts(); // Kong's toip of a service host that names no upstream
    }
    // a TTL-0 target of an upstream is looked up per request (Kong's toip): traced under dns_query too
    Balancing.Lookups lookups = plugins != null && target.balancer() != null && plugins.tracesDns() ? this : null;
    Future<Peer> f = px.peers.select(target, target.balancer(), pick, down.eventLoop(), lookups);
    if (f.isDone()) {
      onPeer(f);
    } else {
      f.addListener(x -> onPeer(f));
    }
  }

  @Override
  public void lookedUp(long startNanos, String name, int port, @Nullable String ip, @Nullable String error) {
    if (plugins != null) plugins.dnsEnded(startNanos, name, port, ip, error);
  }

  private void onPeer(Future<Peer> f) {
    if (dnsStart != 0) {
      plugins.dnsEnded(dnsStart, target.host(), target.port(),
          f.isSuccess() ? f.getNow().address().getAddress().getHostAddress() : null,
          f.isSuccess() ? null : String.valueOf(f.cause().getMessage()));
      dnsStart = 0;
    }
    if (over()) {
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
    Peer peer = f.getNow();
    lastPeer = peer.address();
    pick.nextAttempt();
    tries++;
    UpstreamAttempt a = attempt;
    if (a == null) {
      a = grpcService() ? new GrpcAttempt(this, px) : new UpstreamAttempt(this, px);
      attempt = a;
    }
    a.begin(peer, tries);
    if (plugins != null) {
      InetSocketAddress addr = peer.address();
      plugins.addTry(new UpstreamTry(addr.getAddress().getHostAddress(), addr.getPort(), selectStartMillis,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - selectStartNanos), null, 0));
    }
    if (setsHost()) {
      // Kong recomputes Host on every try: the target (or host_header) and its port
      upstreamHead.set(UpstreamRequestHead.HOST, peer.hostHeader(target.tls()));
    }
    connect(true);
  }

  private void connect(boolean allowPooled) {
    UpstreamTls tls = target.upstreamTls();
    if (tls != null && tls.problem() != null) {
      // the service's TLS settings could not be compiled: not the origin's fault, so no retry and no health report
      failure = tls.problem();
      if (plugins != null) plugins.failLastTry(502);
      attempt.endTry();
      tryEnded(tls.problem());
      respondProxyError(502);
      return;
    }
    attempt.connect(target, tls == null ? null : serverName(attempt.peer()), allowPooled, websocket);
  }

  /** The name for SNI and certificate checks: the Host sent upstream, else the target's name. */
  private @Nullable String serverName(Peer p) {
    String host = upstreamHead.host(request.headers());
    return UpstreamServerName.of(host != null ? host : p.hostname());
  }

  /** The try's connection is up: the request head, then what body waited. */
  void onConnected() {
    UpstreamAttempt a = attempt;
    String method = plugins == null ? request.method().name() : plugins.upstreamMethod();
    a.sendHead(method, upstreamUri, request.headers());
    body.sendPending(a);
    a.flush();
    if (down.bodyPaused() && !body.complete) down.readBody(true);
    armUpstreamTimer();
  }

  void onUpstreamClosed() {
    if (answered()) return;
    onUpstreamFailure(false, true, (attempt.reused ? "connection reset on a reused keep-alive connection to "
        : "connection closed before a complete response by ") + attempt.where());
  }

  void onUpstreamTimeout() {
    if (answered()) return;
    onUpstreamFailure(true, true, (attempt.timerIsWrite() ? "write timeout to " : "read timeout from ") + attempt.where());
  }

  /** A try failed: {@link RetryDecision} says whether to replay, retry, give up or abort. */
  void onUpstreamFailure(boolean timeout, boolean afterConnect, String reason) {
    if (answered()) return;
    failure = reason;
    UpstreamAttempt a = attempt;
    boolean nonIdempotent = request.method().equals(HttpMethod.POST) || request.method().equals(HttpMethod.PATCH)
        || request.method().name().equals("LOCK");
    RetryDecision next = RetryDecision.after(new RetryDecision.Facts(timeout, afterConnect, a.reused, nonIdempotent,
        a.writeFailed, a.requestSent, body.started, websocket, responding(), a.inInterim, a.peer() != null, tries,
        target.service().retries()));
    a.close(true);
    if (next == RetryDecision.REPLAY) {
      log.debug("request {}: {}; retrying on a new connection", requestId, reason);
      connect(false);
      return;
    }
    a.failed(timeout, reason);
    if (plugins != null) plugins.failLastTry(timeout ? 504 : 502);
    tryEnded(reason);
    switch (next) {
      case ABORT -> { // headers are out: nothing to say to the client but closing
        end(false);
        down.close();
      }
      case RETRY -> selectPeer();
      default -> {
        if (tries > 1) failure = "retries exhausted after " + tries + " tries; last: " + reason;
        respondProxyError(timeout ? 504 : 502);
      }
    }
  }

  /** Tells the listeners a try ended (its failure reason, or null with a response). */
  private void tryEnded(@Nullable String reason) {
    if (reason != null) attempt.failure = reason;
    if (events.on) events.upstreamTry(this, attempt);
  }

  // ------------------------------------------------------------------ response

  void onUpstreamMessage(HttpObject msg) {
    if (answered()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    UpstreamAttempt a = attempt;
    a.readProgress(body.complete, target);
    if (msg instanceof HttpResponse r) {
      if (r.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        onUpstreamFailure(false, true, "invalid response from " + a.where());
        return;
      }
      int code = r instanceof UpstreamHead u ? u.code : r.status().code();
      if (code == 101 && websocket) {
        ReferenceCountUtil.release(msg);
        a.switched();
        tryEnded(null);
        response.switchToTunnel(r);
        return;
      }
      if (code >= 100 && code < 200) {
        a.inInterim = true; // our own 100 Continue already went out
        ReferenceCountUtil.release(msg);
        return;
      }
      response.start(r);
      if (msg instanceof HttpContent c) response.content(c);
      return;
    }
    if (msg instanceof HttpContent c) {
      if (a.inInterim) {
        c.release();
        if (c instanceof LastHttpContent) a.inInterim = false;
        return;
      }
      if (!responding()) {
        c.release();
        return;
      }
      response.content(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** The try got a response head: the balancer and the listeners hear it; the upstream latency in ms. */
  long upstreamResponded(int code) {
    long nanos = attempt.responded(code);
    upstreamHeadNanos = attempt.headNanos;
    upstreamCode = code;
    upstreamLatencyMs = TimeUnit.NANOSECONDS.toMillis(nanos);
    tryEnded(null);
    return upstreamLatencyMs;
  }

  void flushClient() {
    if (responding() && !over()) down.flush();
  }

  void onResponseComplete() {
    if (phase.compareTo(Phase.ANSWERED) < 0) phase = Phase.ANSWERED;
    attempt.release(body.sentWhole(attempt)); // a connection whose request was cut short never goes back to the pool
    if (!body.complete) {
      // The origin answered before the whole body arrived: stop here rather than read the rest.
      clientKeepAlive = false;
    }
    maybeFinish();
  }

  void maybeFinish() {
    if (over() || !answered()) return;
    if (!body.complete && clientKeepAlive) return; // keep discarding the body, then reuse the connection
    end(clientKeepAlive);
  }

  /** The exchange is over: listeners and plugins hear it, then the connection. */
  private void end(boolean keepAlive) {
    phase = Phase.DONE;
    body.release();
    finish();
    down.exchangeDone(keepAlive);
  }

  /** The answer is out (or never will be): the listeners, then the log phase (once). */
  private void finish() {
    if (endNanos == 0) {
      long t = System.nanoTime();
      endNanos = t != 0 ? t : 1; // 0 means "not yet"
    }
    if (events.on) events.answered(this);
    PluginRun p = plugins;
    if (p != null) {
      plugins = null; // once
      p.log(responseStatus, this);
      consumer = p.consumer();
    }
    if (events.on) events.logged(this);
  }

  /** The origin switched to WebSocket: the exchange is over; the connection becomes a tunnel. */
  void tunnelled() {
    phase = Phase.DONE;
    body.release();
    finish();
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
    return body.bytes;
  }

  @Override
  public long responseBodyBytes() {
    return streamed != null ? streamed.bytes : response.bytes;
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
    return upstreamLatencyMs < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now() - upstreamHeadNanos);
  }

  @Override
  public long requestMs() {
    return TimeUnit.NANOSECONDS.toMillis(now() - startNanos);
  }

  /** The clock, stopped at the request's end. */
  private long now() {
    return endNanos != 0 ? endNanos : System.nanoTime();
  }

  // ------------------------------------------------------------------ ExchangeView (read by listeners)

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public boolean requestIdIsHex() {
    return true;
  }

  @Override
  public long requestIdHigh() {
    return requestIdHigh;
  }

  @Override
  public long requestIdLow() {
    return requestIdLow;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return view.rawPath;
  }

  @Override
  public @Nullable String routeId() {
    return route == null ? null : route.id();
  }

  @Override
  public @Nullable String serviceId() {
    return target == null ? null : target.service().id();
  }

  @Override
  public int status() {
    return responseStatus;
  }

  @Override
  public int tries() {
    return tries;
  }

  @Override
  public long elapsedNanos() {
    return now() - startNanos;
  }

  @Override
  public long startNanos() {
    return startNanos;
  }

  @Override
  public String workspaceId() {
    return route == null ? io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID : route.wsId();
  }

  @Override
  public @Nullable String routeName() {
    return route == null ? null : route.name();
  }

  @Override
  public @Nullable String serviceName() {
    return target == null ? null : target.service().name();
  }

  @Override
  public @Nullable String consumerId() {
    return consumer == null ? null : consumer.id();
  }

  @Override
  public @Nullable String consumerName() {
    return consumer == null ? null : consumer.username();
  }

  @Override
  public String clientIp() {
    return down.peerIp();
  }

  @Override
  public @Nullable String upstreamAddress() {
    InetSocketAddress p = lastPeer;
    return p == null ? null : NetUtil.toSocketAddressString(p);
  }

  @Override
  public @Nullable InetSocketAddress upstreamPeer() {
    return lastPeer;
  }

  @Override
  public long kongLatencyMs() {
    // as the log serializer: the proxy latency plus the receive time, or the whole request when answered locally
    return upstreamLatencyMs >= 0 ? Math.max(0, proxyLatencyMs) + receiveMs() : requestMs();
  }

  // ------------------------------------------------------------------ the client side ends early

  void abortBadRequestBody() {
    if (over()) return;
    body.complete = true;
    closeUpstream(); // the origin must never see a body cut at a smuggling boundary as complete
    clientKeepAlive = false;
    if (responding()) {
      end(false);
      return;
    }
    respondProxyError(400);
  }

  void clientTimedOut() {
    if (over()) return;
    clientKeepAlive = false;
    body.complete = true;
    closeUpstream();
    if (responding()) {
      end(false);
      return;
    }
    respondProxyError(408);
  }

  void clientClosed() {
    if (!over()) finish();
    phase = Phase.DONE;
    closeUpstream();
    body.release();
  }

  private void closeUpstream() {
    if (attempt != null) attempt.close(false);
    if (streamed != null) streamed.cancel(); // a plugin's streamed answer: its source stops
  }

  // ------------------------------------------------------------------ local replies

  /** Whether the service is proxied over HTTP/2 (Kong's {@code @grpc} location, {@code grpc_pass}). */
  private boolean grpcService() {
    String p = target.service().protocol();
    return "grpc".equals(p) || "grpcs".equals(p);
  }

  private boolean grpcRequest() {
    return GrpcReplies.isGrpcRequest(down, request);
  }

  private void respondCore(int status, String message) {
    LocalReply.Reply grpc = grpcRequest() ? GrpcReplies.error(status, Map.of()) : null;
    if (grpc != null) {
      respond(grpc);
      return;
    }
    ErrorBody b = LocalReply.core(request, status, message, requestId);
    respond(status, b.contentType(), LocalReply.bytes(b), Map.of());
  }

  private void respondProxyError(int status) {
    // Kong's error handler: gRPC by Accept, else Content-Type; then kong.response.exit(status, {message = ...})
    String accept = request.headers().get(HttpHeaderNames.ACCEPT);
    if (accept == null) accept = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    LocalReply.Reply grpc = grpcRequest() && GrpcReplies.isGrpc(accept)
        ? GrpcReplies.exit(status, ErrorBody.messageFor(status), Map.of()) : null;
    if (grpc != null) {
      respond(grpc);
      return;
    }
    ErrorBody b = LocalReply.proxyError(px, request, status, requestId);
    respond(status, b.contentType(), LocalReply.bytes(b), Map.of());
  }

  /** {@code kong.response.exit}/{@code error} from a plugin. */
  private void respondPlugin(PluginResponse p) {
    var stream = plugins == null ? null : plugins.streamedBody();
    if (stream != null) {
      if (!grpcRequest() && !head && !LocalReply.bodyless(p.status())) {
        respondStreamed(p, stream);
        return;
      }
      io.gatehouse.proxy.plugins.DiscardedStream.cancel(stream); // answered whole, without a body
    }
    if (grpcRequest() && plugins != null) {
      LocalReply.Reply grpc = plugins.responseIsError() ? GrpcReplies.error(p.status(), p.headers())
          : GrpcReplies.exit(p.status(), GrpcReplies.exitMessage(p.contentType(), p.body()), p.headers());
      if (grpc != null) {
        respond(grpc);
        return;
      }
    }
    respond(p.status(), p.contentType(), p.body(), p.headers());
  }

  /** {@code exitStreaming} from a plugin: the head now, the body as the plugin's publisher yields it. */
  private void respondStreamed(PluginResponse p, java.util.concurrent.Flow.Publisher<byte[]> stream) {
    if (responding()) {
      io.gatehouse.proxy.plugins.DiscardedStream.cancel(stream);
      return;
    }
    closeUpstream();
    body.release();
    dropsUnreadBody();
    streamed = StreamedReply.start(this, p, stream, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    if (!body.complete && clientKeepAlive) down.readBody(true); // discard the rest, as after a whole answer
  }

  /** The end of a plugin's streamed answer: complete (the exchange ends as usual) or cut short. */
  void streamedReplyEnded(boolean complete) {
    if (over()) return;
    if (!complete) {
      clientKeepAlive = false;
      end(false);
      down.close(); // no last chunk: the client sees the body cut short
      return;
    }
    if (phase.compareTo(Phase.ANSWERED) < 0) phase = Phase.ANSWERED;
    maybeFinish();
  }

  /** A large or unframed request body still to come is not read only to be dropped: the connection closes after. */
  private void dropsUnreadBody() {
    if (!body.complete && (body.pendingBytes() > 0 || HttpUtil.getContentLength(request, -1L) > RequestBody.MAX_PENDING
        || HttpUtil.isTransferEncodingChunked(request))) {
      clientKeepAlive = false;
    }
  }

  private void respond(LocalReply.Reply r) {
    respond(r.status(), r.contentType(), r.body(), r.headers());
  }

  /** Sends a response the gateway made, then ends the exchange or keeps discarding the body. */
  void respond(int status, @Nullable String contentType, byte[] bytes, Map<String, String> extra) {
    if (responding()) return;
    closeUpstream();
    String reason = null;
    if (status >= 500) {
      reason = failure == null ? "gateway error" : failure;
      // the path only: a query string may carry credentials (?apikey=, ?jwt=), which never go to a log
      log.warn("request {} {} {} -> {}: {}", requestId, request.method(), view.rawPath, status, reason);
    }
    body.release();
    FullHttpResponse r = LocalReply.build(status, contentType, bytes, extra, head);
    HttpHeaders h = r.headers();
    px.gatewayHeaders.local(h, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), requestId, reason);
    if (status == 408 || status == 400) clientKeepAlive = false;
    dropsUnreadBody();
    down.connectionHeader(h, clientKeepAlive);
    responseStatus = status;
    if (plugins != null) {
      plugins.headerFilter(status, h, false);
      if (plugins.replacement() != null) {
        r.release();
        r = LocalReply.replacement(plugins.replacement(), h, head);
        responseStatus = r.status().code();
      } else if (plugins.status() != status) {
        r.setStatus(io.netty.handler.codec.http.HttpResponseStatus.valueOf(plugins.status()));
        responseStatus = plugins.status();
      }
    }
    response.bytes = r.content().readableBytes();
    phase = Phase.ANSWERED;
    down.sendWhole(r, head);
    if (!body.complete && clientKeepAlive) down.readBody(true);
    if (!body.complete && !clientKeepAlive) {
      end(false);
      return;
    }
    maybeFinish();
  }
}
