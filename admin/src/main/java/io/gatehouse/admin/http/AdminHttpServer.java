package io.gatehouse.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.tls.ServerTlsHandlers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for the Admin and status APIs. Netty reads and aggregates the request
 * (bounded by {@code maxBodyBytes}, 413 beyond); the handler runs on a virtual thread because
 * handlers talk to the store with blocking JDBC; the response is written back on the channel.
 */
public final class AdminHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);

  private final EventLoopGroup group;
  private final Channel channel;
  private final ExecutorService workers;

  /** A TLS client gets as long as nginx's default client_header_timeout to finish its handshake. */
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 60_000;

  private AdminHttpServer(EventLoopGroup group, Channel channel, ExecutorService workers) {
    this.group = group;
    this.channel = channel;
    this.workers = workers;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one), with no browser origin allowed.
   *
   * @param routes supplies the current route table (it may change when plugins register entities)
   */
  public static AdminHttpServer start(String host, int port, int maxBodyBytes, Supplier<RouteTable> routes) {
    return start(host, port, maxBodyBytes, false, BrowserGuard.forListener(host), routes);
  }

  /**
   * As above; {@code latencyHeader} adds Kong's {@code X-Kong-Admin-Latency} (ms) to every answer,
   * and {@code guard} decides what browsers may do (CORS, Host, cross-site writes).
   */
  public static AdminHttpServer start(String host, int port, int maxBodyBytes, boolean latencyHeader,
      BrowserGuard guard, Supplier<RouteTable> routes) {
    return start(host, port, maxBodyBytes, latencyHeader, guard, AdminFilter.NONE, routes, null);
  }

  /**
   * As above; {@code filter} runs around every request that matched a route and method; with
   * {@code tls} the listener speaks HTTPS only (Kong's {@code ssl} flag on
   * {@code admin_listen}/{@code status_listen}), with the node's TLS policy built into the context.
   */
  public static AdminHttpServer start(String host, int port, int maxBodyBytes, boolean latencyHeader,
      BrowserGuard guard, AdminFilter filter, Supplier<RouteTable> routes, @Nullable SslContext tls) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(guard, "guard");
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes: expected >= 0, got " + maxBodyBytes);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Channel ch = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              if (tls != null) ServerTlsHandlers.addFirst(c.pipeline(), tls, HANDSHAKE_TIMEOUT_MILLIS);
              c.pipeline()
                  .addLast(new HttpServerCodec(8192, 16384, 8192))
                  .addLast(new HttpServerExpectContinueHandler())
                  .addLast(new HttpObjectAggregator(maxBodyBytes))
                  .addLast(new Dispatcher(routes, workers, latencyHeader, guard, filter));
            }
          })
          .bind(host, port)
          .syncUninterruptibly()
          .channel();
      return new AdminHttpServer(group, ch, workers);
    } catch (RuntimeException e) {
      group.shutdownGracefully();
      workers.close();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
  }

  /** Hands each aggregated request to a worker and writes the answer back. */
  private static final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Supplier<RouteTable> routes;
    private final ExecutorService workers;
    private final boolean latencyHeader;
    private final BrowserGuard guard;
    private final AdminFilter filter;

    Dispatcher(Supplier<RouteTable> routes, ExecutorService workers, boolean latencyHeader, BrowserGuard guard,
        AdminFilter filter) {
      this.routes = routes;
      this.workers = workers;
      this.latencyHeader = latencyHeader;
      this.guard = guard;
      this.filter = filter;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      DecoderResult result = msg.decoderResult();
      if (result.isFailure()) {
        int status = result.cause() instanceof TooLongFrameException ? 431 : 400;
        write(ctx, false, AdminResponse.message(status, status == 431 ? "Request header or cookie too large" : "Bad request"), "GET", Map.of());
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(msg);
      AdminRequest request;
      try {
        request = toRequest(msg, clientAddress(ctx));
      } catch (HttpError e) { // malformed percent-encoding in the path or query: nginx's 400
        LOG.info("admin request refused: {} {}: {}", msg.method().name(), msg.uri(), e.getMessage());
        write(ctx, keepAlive, e.toResponse(), msg.method().name(), guard.corsHeaders(msg.method().name(), Map.of()));
        return;
      }
      long started = System.nanoTime();
      workers.execute(() -> {
        WorkspaceRef ws = guard.perWorkspace() ? workspaceOf(request.path()) : WorkspaceRef.DEFAULT;
        Map<String, String> cors = guard.corsHeaders(request.method(), request.headers(), ws);
        AdminResponse response = dispatch(request, ws);
        if (latencyHeader) {
          response = response.withHeader("X-Kong-Admin-Latency",
              Long.toString(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        }
        write(ctx, keepAlive, response, request.method(), cors);
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException || cause.getClass().getSimpleName().contains("TooLong")) {
        write(ctx, false, AdminResponse.message(413, "Request Entity Too Large"), "POST", Map.of());
      } else {
        LOG.debug("admin connection error", cause);
        ctx.close();
      }
    }

    /** The workspace a request's path addresses (the default one when it matches nothing). */
    private WorkspaceRef workspaceOf(String path) {
      try {
        RouteTable.Scoped scoped = routes.get().matchScoped(path);
        return scoped == null ? WorkspaceRef.DEFAULT : scoped.workspace();
      } catch (RuntimeException e) {
        LOG.warn("cannot find the workspace of {}", path, e);
        return WorkspaceRef.DEFAULT;
      }
    }

    private AdminResponse dispatch(AdminRequest request, WorkspaceRef ws) {
      try {
        AdminResponse refused = guard.refusal(request.method(), request.headers(), ws);
        if (refused != null) {
          LOG.warn("admin request refused ({}): {} {} Host={} Origin={}", refused.body().path("message").asText(),
              request.method(), request.path(), request.header("host"), request.header("origin"));
          return refused;
        }
        RouteTable table = routes.get();
        RouteTable.Scoped scoped = table.matchScoped(request.path());
        if (scoped == null) {
          return AdminResponse.notFound();
        }
        RouteTable.Match m = scoped.match();
        if (!scoped.path().equals(request.path())) {
          request = new AdminRequest(request.method(), scoped.path(), request.query(), request.contentTypes(),
              request.headers(), request.body(), request.clientAddress());
        }
        if (!scoped.workspace().isDefault()) {
          if (!table.workspaceScoped(m.template())) {
            return AdminResponse.message(400, "workspace '" + scoped.workspace().name() + "': " + m.template()
                + " is served in the default workspace only");
          }
          Map<String, String> params = new java.util.HashMap<>(m.params());
          params.put(WorkspaceRef.ID_PARAM, scoped.workspace().id());
          params.put(WorkspaceRef.NAME_PARAM, scoped.workspace().name());
          m = new RouteTable.Match(m.template(), m.methods(), params);
        }
        String method = request.method();
        if (method.equals("OPTIONS")) {
          List<String> allowed = new ArrayList<>(m.methods().keySet());
          if (allowed.contains("GET")) {
            allowed.add("HEAD");
          }
          allowed.add("OPTIONS");
          allowed.sort(String::compareTo);
          String allow = String.join(", ", allowed);
          return new AdminResponse(204, null, Map.of(
              "Allow", allow,
              "Access-Control-Allow-Methods", allow,
              // Kong echoes a preflight's requested headers (custom ones such as admin tokens)
              "Access-Control-Allow-Headers", Objects.requireNonNullElse(request.header("access-control-request-headers"), "Content-Type")));
        }
        Handler h = m.methods().get(method.equals("HEAD") ? "GET" : method);
        if (h == null) {
          return AdminResponse.methodNotAllowed();
        }
        AdminRequest routed = request;
        RouteTable.Match matched = m;
        return filter.filter(new AdminCall(routed, matched), () -> answer(h, routed, matched.params()));
      } catch (KongException e) {
        if (e.httpStatus() == 500) {
          LOG.error("admin request failed: {} {}", request.method(), request.path(), e);
        }
        return AdminResponse.error(e);
      } catch (HttpError e) {
        return e.toResponse();
      } catch (RuntimeException e) {
        LOG.error("admin request failed: {} {}", request.method(), request.path(), e);
        return AdminResponse.message(500, "An unexpected error occurred");
      }
    }

    /** The handler's answer, with Kong and HTTP errors turned into their responses. */
    private static AdminResponse answer(Handler h, AdminRequest request, Map<String, String> params) {
      try {
        return h.handle(request, params);
      } catch (KongException e) {
        if (e.httpStatus() == 500) {
          LOG.error("admin request failed: {} {}", request.method(), request.path(), e);
        }
        return AdminResponse.error(e);
      } catch (HttpError e) {
        return e.toResponse();
      }
    }

    private static String clientAddress(ChannelHandlerContext ctx) {
      return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
          ? a.getAddress().getHostAddress() : "unknown";
    }

    /** The request with path and query decoded; a malformed percent-escape is an {@link HttpError} 400. */
    private static AdminRequest toRequest(FullHttpRequest msg, String clientAddress) {
      QueryStringDecoder qs = new QueryStringDecoder(msg.uri(), StandardCharsets.UTF_8, true, BodyParser.MAX_ARGS + 1);
      String path;
      try {
        path = qs.path();
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, "Bad request");
      }
      while (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      Map<String, List<String>> query = new LinkedHashMap<>();
      String raw = msg.uri().contains("?") ? msg.uri().substring(msg.uri().indexOf('?') + 1) : "";
      List<Map.Entry<String, String>> pairs;
      try {
        pairs = BodyParser.urlEncodedPairs(raw.replace("+", "%20"));
      } catch (HttpError e) {
        throw e.status() == 400 && !e.getMessage().equals("Too many arguments") ? new HttpError(400, "Bad request") : e;
      }
      for (Map.Entry<String, String> p : pairs) {
        query.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue());
      }
      Map<String, String> headers = new LinkedHashMap<>();
      msg.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      byte[] body = ByteBufUtil.getBytes(msg.content());
      return new AdminRequest(
          msg.method().name(), path, query, msg.headers().getAll(HttpHeaderNames.CONTENT_TYPE), headers, body,
          clientAddress);
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, AdminResponse r, String method, Map<String, String> cors) {
      ByteBuf content = Unpooled.EMPTY_BUFFER;
      if (r.text() != null) {
        content = Unpooled.wrappedBuffer(r.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else if (r.body() != null) {
        try {
          content = Unpooled.wrappedBuffer(Json.MAPPER.writeValueAsBytes(r.body()));
        } catch (JsonProcessingException e) {
          content = Unpooled.EMPTY_BUFFER;
        }
      }
      int length = content.readableBytes();
      if (method.equals("HEAD")) {
        content = Unpooled.EMPTY_BUFFER;
      }
      FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), content);
      if (r.body() != null) {
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
      }
      resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.status() == 204 ? 0 : length);
      cors.forEach(resp.headers()::set);
      resp.headers().set(HttpHeaderNames.SERVER, "gatehouse/" + io.gatehouse.core.Version.GATEHOUSE);
      r.headers().forEach(resp.headers()::set);
      if (r.status() == 204) {
        resp.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      }
      if (keepAlive) {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(resp);
      } else {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
