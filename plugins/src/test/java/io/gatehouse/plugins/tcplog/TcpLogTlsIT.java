package io.gatehouse.plugins.tcplog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** tcp-log with {@code tls: true}: a self-signed log server is accepted and gets {@code tls_sni}. */
class TcpLogTlsIT {

  @Test
  void entries_go_over_tls_with_the_configured_sni_and_no_certificate_check() throws Exception {
    PemKeyPair pem = SelfSignedCertificates.generate("logs.internal", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1));
    SslContext tls = SslContextBuilder.forServer(
        new ByteArrayInputStream(pem.certificateChain().getBytes(StandardCharsets.US_ASCII)),
        new ByteArrayInputStream(pem.privateKey().getBytes(StandardCharsets.US_ASCII))).build();
    BlockingQueue<String> sni = new LinkedBlockingQueue<>();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (PluginGateway gw = new PluginGateway()) {
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new SniHandler((String host, io.netty.util.concurrent.Promise<SslContext> p) -> {
                sni.add(host == null ? "" : host);
                return p.setSuccess(tls);
              }));
              ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 20), new StringDecoder(StandardCharsets.UTF_8),
                  new SimpleChannelInboundHandler<String>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                      lines.add(line);
                    }
                  });
            }
          })
          .bind("127.0.0.1", 0).syncUninterruptibly().channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      gw.plugin("tcp-log", "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"tls\":true,\"tls_sni\":\"logs.example\"}", "");
      gw.serviceAndRoute("/tls");
      gw.apply();

      String id = gw.get("/tls/x").headers().firstValue("X-Kong-Request-Id").orElseThrow();
      String line = lines.poll(10, TimeUnit.SECONDS);
      assertThat(line).isNotNull();
      JsonNode entry = Json.parse(line);
      assertThat(entry.get("request").get("id").asText()).isEqualTo(id);
      assertThat(entry.get("upstream_uri").asText()).isEqualTo("/x");
      assertThat(sni.poll(1, TimeUnit.SECONDS)).isEqualTo("logs.example");
      server.close().syncUninterruptibly();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
