package io.gatehouse.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An HTTPS origin on 127.0.0.1 port 0 with a self-signed certificate made at start (BouncyCastle):
 * answers every request 200 and records the SNI names clients sent and the requests that got
 * through the handshake.
 */
public final class TlsOrigin implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  private TlsOrigin(String cn) {
    SslContext tls = selfSigned(cn);
    channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new SniHandler((String host, io.netty.util.concurrent.Promise<SslContext> p) -> {
              sniNames.add(host == null ? "" : host);
              return p.setSuccess(tls);
            }));
            ch.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpRequest>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
                requests.incrementAndGet();
                DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2).set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // a client refusing our certificate ends here
              }
            });
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  public static TlsOrigin start(String cn) {
    return new TlsOrigin(cn);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** SNI names received, in order ("" for a handshake without SNI). */
  public List<String> sniNames() {
    return List.copyOf(sniNames);
  }

  /** Requests received after a completed handshake. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static SslContext selfSigned(String cn) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(256);
      KeyPair kp = gen.generateKeyPair();
      X500Name name = new X500Name("CN=" + cn);
      Date from = new Date(System.currentTimeMillis() - 86_400_000L);
      Date to = new Date(System.currentTimeMillis() + 86_400_000L);
      var holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), from, to, name,
          kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      return SslContextBuilder.forServer(kp.getPrivate(), cert).build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a self-signed certificate", e);
    }
  }
}
