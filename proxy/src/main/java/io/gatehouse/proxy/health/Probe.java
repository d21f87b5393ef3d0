package io.gatehouse.proxy.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One active probe, fully asynchronous on the checker's event loop (lua-resty-healthcheck's
 * {@code run_single_check}): {@code tcp} connects only; {@code http}/{@code https} send
 * {@code GET <http_path> HTTP/1.0} and classify the status. The whole probe shares one
 * {@code timeout}; exceeding it counts as a timeout, other socket or TLS errors as TCP failures,
 * an unparseable response as an HTTP failure. The result is null when the status is in neither list.
 */
final class Probe {
  private final ProbeTarget target;
  private final Consumer<@Nullable Outcome> done;
  private @Nullable Channel channel;
  private @Nullable ScheduledFuture<?> timer;
  private boolean finished;

  private Probe(ProbeTarget target, Consumer<@Nullable Outcome> done) {
    this.target = target;
    this.done = done;
  }

  static void run(ProbeTarget target, EventLoop loop, Class<? extends Channel> channelType,
      @Nullable SslContext tls, Consumer<@Nullable Outcome> done) {
    new Probe(target, done).start(loop, channelType, tls);
  }

  private void start(EventLoop loop, Class<? extends Channel> channelType, @Nullable SslContext tls) {
    HealthChecks.Active a = target.checks().active();
    boolean http = !"tcp".equals(a.type());
    timer = loop.schedule(() -> finish(Outcome.TIMEOUT), a.timeoutMillis(), TimeUnit.MILLISECONDS);
    ChannelFuture cf = new Bootstrap().group(loop).channel(channelType)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, a.timeoutMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (!http) return;
            if (tls != null) {
              String sni = a.httpsSni() != null ? a.httpsSni() : hostOnly(target.hostHeader());
              SslHandler h = tls.newHandler(ch.alloc(), sni, target.address().getPort());
              if (!NetUtil.isValidIpV4Address(sni) && !NetUtil.isValidIpV6Address(sni)) {
                // the JDK omits SNI for dot-less names such as "localhost"; nginx and Kong send it
                SSLParameters params = h.engine().getSSLParameters();
                params.setServerNames(List.of(new SNIHostName(sni)));
                h.engine().setSSLParameters(params);
              }
              ch.pipeline().addLast(h);
            }
            ch.pipeline().addLast(new HttpClientCodec(4096, 16384, 8192));
            ch.pipeline().addLast(new Reader());
          }
        })
        .connect(target.address());
    channel = cf.channel();
    cf.addListener(f -> {
      if (!f.isSuccess()) {
        finish(f.cause() instanceof ConnectTimeoutException ? Outcome.TIMEOUT : Outcome.TCP_FAILURE);
      } else if (!http) {
        finish(Outcome.SUCCESS);
      } else {
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, a.httpPath());
        req.headers().set(HttpHeaderNames.HOST, target.hostHeader());
        for (Map.Entry<String, List<String>> h : a.headers().entrySet()) req.headers().add(h.getKey(), h.getValue());
        cf.channel().writeAndFlush(req).addListener(w -> {
          if (!w.isSuccess()) finish(Outcome.TCP_FAILURE);
        });
      }
    });
  }

  private static String hostOnly(String hostHeader) {
    int colon = hostHeader.lastIndexOf(':');
    return colon > 0 && hostHeader.indexOf(']') < colon && hostHeader.indexOf(':') == colon
        ? hostHeader.substring(0, colon) : hostHeader;
  }

  private void finish(@Nullable Outcome outcome) {
    if (finished) return;
    finished = true;
    if (timer != null) timer.cancel(false);
    if (channel != null) channel.close();
    done.accept(outcome);
  }

  /** Reads the response head; the rest is dropped with the connection. */
  private final class Reader extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse r) {
          finish(r.decoderResult().isFailure() ? Outcome.HTTP_FAILURE
              : target.checks().active().limits().classify(r.status().code()));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finish(Outcome.TCP_FAILURE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(Outcome.TCP_FAILURE);
    }
  }
}
