package io.gatehouse.proxy.testing;

import io.gatehouse.proxy.tls.PemKeyPair;
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
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
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
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * An HTTPS origin on 127.0.0.1 port 0: answers every request 200 and records the SNI names clients
 * sent, the handshakes completed and the requests that got through the handshake. Either with a
 * self-signed certificate made at start, closing after each response ({@link #start(String)}), or
 * with a given certificate, optionally requiring a client certificate, keeping connections alive
 * and answering with the subject of the client's certificate ({@link #start(PemKeyPair, String)}).
 */
public final class TlsOrigin implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private final List<String> clientSubjects = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger handshakes = new AtomicInteger();

  private TlsOrigin(String cn) {
    this(selfSigned(cn), false);
  }

  private TlsOrigin(SslContext tls, boolean keepAlive) {
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
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) handshakes.incrementAndGet();
                ctx.fireUserEventTriggered(evt);
              }

              @Override
              protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
                requests.incrementAndGet();
                String subject = clientSubject(ctx);
                clientSubjects.add(subject);
                byte[] body = (keepAlive ? subject : "ok").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
                r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                if (keepAlive) {
                  ctx.writeAndFlush(r);
                } else {
                  r.headers().set(HttpHeaderNames.CONNECTION, "close");
                  ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                }
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

  /**
   * An origin serving {@code certificate} (chain and key PEM) that keeps connections alive and
   * answers with the subject of the client's certificate ({@code none} without one).
   *
   * @param clientCa when not null, a client certificate issued by this CA is required
   */
  public static TlsOrigin start(PemKeyPair certificate, @Nullable String clientCa) {
    try {
      SslContextBuilder b = SslContextBuilder.forServer(stream(certificate.certificateChain()),
          stream(certificate.privateKey()));
      if (clientCa != null) b.trustManager(stream(clientCa)).clientAuth(ClientAuth.REQUIRE);
      return new TlsOrigin(b.build(), true);
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("cannot use the origin's certificate", e);
    }
  }

  private static java.io.InputStream stream(String pem) {
    return new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static String clientSubject(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    try {
      return ssl == null ? "none"
          : ((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return "none";
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** SNI names received, in order ("" for a handshake without SNI). */
  public List<String> sniNames() {
    return List.copyOf(sniNames);
  }

  /** The client certificate subject of each request ({@code none} without one), in order. */
  public List<String> clientSubjects() {
    return List.copyOf(clientSubjects);
  }

  /** Handshakes completed (a failed one is not counted). */
  public int handshakes() {
    return handshakes.get();
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
