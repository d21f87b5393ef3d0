package io.gatehouse.plugins.logqueue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A unix-domain datagram socket connected to a local path such as {@code /dev/log}, which is what
 * {@code syslog(3)} writes to. The JDK's channels open unix-domain sockets of the stream kind only,
 * so this uses Netty's native epoll transport (Linux); elsewhere {@link #send} fails with the reason.
 * Connected when first used and reconnected after an error. Used by one queue thread at a time.
 */
public final class UnixDatagramSocket implements AutoCloseable {
  private final String path;
  private @Nullable Channel channel;

  public UnixDatagramSocket(String path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  /** Sends one datagram holding these bytes; blocks until it is written. */
  public void send(byte[] datagram) throws IOException {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      ch = channel = connect();
    }
    try {
      ch.writeAndFlush(Unpooled.wrappedBuffer(datagram)).sync();
    } catch (Exception e) {
      close();
      throw e instanceof IOException io ? io : new IOException("could not write to " + path, e);
    }
  }

  private Channel connect() throws IOException {
    if (!Epoll.isAvailable()) {
      throw new IOException("unix datagram sockets need Netty's epoll transport (Linux)", Epoll.unavailabilityCause());
    }
    try {
      return new Bootstrap().group(Loop.GROUP).channel(EpollDomainDatagramChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .connect(new DomainSocketAddress(path)).sync().channel();
    } catch (Exception e) {
      throw e instanceof IOException io ? io : new IOException("could not connect to " + path, e);
    }
  }

  /** One daemon I/O thread for every such socket of the process, started on first use (holder idiom: no lock). */
  private static final class Loop {
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("unix-datagram", true), EpollIoHandler.newFactory());
  }

  @Override
  public void close() {
    Channel ch = channel;
    channel = null;
    if (ch != null) ch.close();
  }
}
