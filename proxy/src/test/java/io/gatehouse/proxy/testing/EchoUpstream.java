package io.gatehouse.proxy.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin for tests on 127.0.0.1 port 0 that answers every request with JSON describing what it
 * received: {@code port} (its own), {@code method}, {@code uri} (path + query as received), {@code headers} (name, lower-case →
 * value; repeated headers joined with ", "), {@code bodyLength}, {@code body} (first 64 KiB, UTF-8).
 *
 * <p>Special paths (matched anywhere in the path): {@code /delay/<ms>} answers late;
 * {@code /status/<code>} answers with that status; {@code /bytes/<n>} streams n bytes (chunked,
 * with backpressure); {@code /close} closes the connection without answering. A WebSocket upgrade
 * request gets {@code 101} and the connection then echoes raw bytes. Each query argument
 * {@code echo_header=Name:value} (URL-encoded) adds that header to the response, e.g. an
 * origin's {@code X-Kong-Limit}.
 */
public final class EchoUpstream implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong bodyBytes = new java.util.concurrent.atomic.AtomicLong();
  private final ChannelGroup accepted;

  private EchoUpstream() {
    this(0);
  }

  private EchoUpstream(int port) {
    this("127.0.0.1", port);
  }

  private EchoUpstream(String host, int port) {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    accepted = new DefaultChannelGroup(group.next());
    channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.incrementAndGet();
            openConnections.incrementAndGet();
            accepted.add(ch);
            ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
            ch.pipeline().addLast("codec", new HttpServerCodec());
            ch.pipeline().addLast("echo", new Echo());
          }
        })
        .bind(host, port).syncUninterruptibly().channel();
  }

  public static EchoUpstream start() {
    return new EchoUpstream();
  }

  /** Starts on a given port, e.g. to bring back an origin a test stopped. */
  public static EchoUpstream start(int port) {
    return new EchoUpstream(port);
  }

  /** Starts on another loopback address (e.g. 127.0.0.2) and port, for DNS answers that change address. */
  public static EchoUpstream start(String loopbackIp, int port) {
    return new EchoUpstream(loopbackIp, port);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** {@code http://127.0.0.1:<port>} plus a path. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** TCP connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Connections currently open. */
  public int openConnections() {
    return openConnections.get();
  }

  /** Request body bytes received so far, over all requests (as they arrive, before any answer). */
  public long bodyBytes() {
    return bodyBytes.get();
  }

  /** Requests whose headers arrived so far. */
  public int requests() {
    return requests.get();
  }

  /**
   * Stops the origin like a killed process: no more accepts, and every accepted connection closed.
   * The connections are closed here rather than left to the group's shutdown: Netty 4.2 may end a
   * {@code shutdownGracefully(0, …)} without closing its channels (when it is requested while the
   * loop runs tasks), which left pooled connections open with no one answering.
   */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    accepted.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Echo extends ChannelInboundHandlerAdapter {
    private HttpRequest request;
    private long length;
    private ByteBuf body;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest r) {
        requests.incrementAndGet();
        request = r;
        length = 0;
        if (body != null) body.release(); // a request whose body never ended
        body = ctx.alloc().buffer();
        if (r.uri().contains("/close")) {
          ctx.close();
        }
        String upgrade = r.headers().get(HttpHeaderNames.UPGRADE);
        if ("websocket".equalsIgnoreCase(upgrade)) {
          body.release();
          body = null;
          FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
          res.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade");
          ctx.writeAndFlush(res);
          ctx.pipeline().remove("codec");
          ctx.pipeline().replace(this, "raw", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object m) {
              if (m instanceof ByteBuf) c.writeAndFlush(m);
              else io.netty.util.ReferenceCountUtil.release(m);
            }
          });
          return;
        }
      }
      if (msg instanceof HttpContent c) {
        if (body == null) {
          c.release();
          return;
        }
        length += c.content().readableBytes();
        bodyBytes.addAndGet(c.content().readableBytes());
        if (body.readableBytes() < 65536) {
          body.writeBytes(c.content(), Math.min(c.content().readableBytes(), 65536 - body.readableBytes()));
        }
        c.release();
        if (c instanceof LastHttpContent) {
          respond(ctx);
        }
      }
    }

    private void respond(ChannelHandlerContext ctx) {
      HttpRequest r = request;
      ByteBuf received = body;
      body = null;
      String uri = r.uri();
      ObjectNode json = Json.object();
      json.put("port", port());
      json.put("method", r.method().name());
      json.put("uri", uri);
      json.put("version", r.protocolVersion().text());
      ObjectNode headers = json.putObject("headers");
      for (String name : r.headers().names()) {
        headers.put(name.toLowerCase(), String.join(", ", r.headers().getAll(name)));
      }
      json.put("bodyLength", length);
      json.put("body", received.toString(StandardCharsets.UTF_8));
      received.release();
      boolean keepAlive = HttpUtil.isKeepAlive(r);
      int status = 200;
      long delay = 0;
      String[] parts = uri.split("\\?")[0].split("/");
      HttpHeaders extra = echoHeaders(uri);
      for (int i = 0; i + 1 < parts.length; i++) {
        if (parts[i].equals("status")) status = Integer.parseInt(parts[i + 1]);
        if (parts[i].equals("delay")) delay = Long.parseLong(parts[i + 1]);
        if (parts[i].equals("bytes")) {
          streamBytes(ctx, Long.parseLong(parts[i + 1]), keepAlive, extra);
          return;
        }
      }
      byte[] bytes = Json.write(json).getBytes(StandardCharsets.UTF_8);
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
          Unpooled.wrappedBuffer(bytes));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      res.headers().add(extra);
      if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, "close");
      Runnable send = () -> {
        if (!ctx.channel().isActive()) {
          res.release();
          return;
        }
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
      };
      if (delay > 0) ctx.executor().schedule(send, delay, TimeUnit.MILLISECONDS);
      else send.run();
    }

    /** The {@code echo_header=Name:value} query arguments as headers. */
    private static HttpHeaders echoHeaders(String uri) {
      HttpHeaders out = new DefaultHttpHeaders();
      new QueryStringDecoder(uri).parameters().getOrDefault("echo_header", List.of()).forEach(nv -> {
        int colon = nv.indexOf(':');
        if (colon > 0) out.add(nv.substring(0, colon).trim(), nv.substring(colon + 1).trim());
      });
      return out;
    }

    private void streamBytes(ChannelHandlerContext ctx, long n, boolean keepAlive, HttpHeaders extra) {
      HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      HttpUtil.setTransferEncodingChunked(res, true);
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
      res.headers().add(extra);
      ctx.write(res);
      new Object() {
        long left = n;

        void pump() {
          while (left > 0 && ctx.channel().isWritable()) {
            int size = (int) Math.min(16384, left);
            ByteBuf chunk = ctx.alloc().buffer(size);
            chunk.writeZero(size);
            left -= size;
            ctx.write(new DefaultHttpContent(chunk));
          }
          if (left == 0) {
            var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
            return;
          }
          ctx.flush();
          if (ctx.channel().isActive()) {
            ctx.channel().eventLoop().execute(() -> {
              if (ctx.channel().isWritable()) pump();
              else waitWritable();
            });
          }
        }

        void waitWritable() {
          ctx.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
              if (c.channel().isWritable()) {
                c.pipeline().remove(this);
                pump();
              }
            }
          });
        }
      }.pump();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (body != null) {
        body.release();
        body = null;
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
