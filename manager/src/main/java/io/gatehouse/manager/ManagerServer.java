package io.gatehouse.manager;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code admin_gui_listen} listener: one event loop serving the UI's files from memory
 * ({@link Assets}), {@code kconfig.js}, and {@code index.html} for every other path under
 * {@code admin_gui_path} (the UI routes on the client). Nothing here blocks or reads a disk.
 */
public final class ManagerServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;

  private ManagerServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Binds {@code host:port} (0 picks a free port); with {@code tls} it speaks HTTPS only.
   *
   * @param path {@code admin_gui_path}
   * @param config read on each {@code kconfig.js} request: the Admin API's ports are known only once it
   *     has bound, after this listener (whose origin the Admin API's CORS must know first)
   */
  public static ManagerServer start(String host, int port, String path, Supplier<ManagerConfig> config,
      @Nullable SslContext tls) {
    String base = ManagerConfig.base(path);
    Assets assets = new Assets(base);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel ch = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              if (tls != null) c.pipeline().addLast(tls.newHandler(c.alloc()));
              c.pipeline()
                  .addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS))
                  .addLast(new HttpServerCodec(8192, 16384, 8192))
                  // the UI only reads: request bodies are refused past a few bytes
                  .addLast(new HttpObjectAggregator(1024))
                  .addLast(new StaticHandler(base, assets, config));
            }
          })
          .bind(host, port)
          .syncUninterruptibly()
          .channel();
      return new ManagerServer(group, ch);
    } catch (RuntimeException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
