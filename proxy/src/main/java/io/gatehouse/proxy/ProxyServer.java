package io.gatehouse.proxy;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.health.HealthRegistry;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.runtime.CompiledConfig;
import io.gatehouse.proxy.server.ProxyContext;
import io.gatehouse.proxy.server.ProxyInitializer;
import io.gatehouse.proxy.upstream.DnsPeerSelector;
import io.gatehouse.proxy.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: Netty listeners proxying by the currently applied configuration.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(ProxyOptions.builder().listen("127.0.0.1", 0).build())) {
 *   proxy.apply(snapshot);               // compiles off the event loop, swaps atomically
 *   proxy.boundAddresses();              // where it listens
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final List<Channel> listeners;
  private final DnsPeerSelector peers;
  private final Balancing balancing;
  private final LoadedPlugins plugins;
  private volatile CompiledConfig config = CompiledConfig.empty();
  private volatile boolean closed;

  private ProxyServer(EventLoopGroup boss, EventLoopGroup workers, List<Channel> listeners, DnsPeerSelector peers,
      Balancing balancing, LoadedPlugins plugins) {
    this.plugins = plugins;
    this.bossGroup = boss;
    this.workerGroup = workers;
    this.listeners = listeners;
    this.peers = peers;
    this.balancing = balancing;
  }

  /**
   * Binds every listen address and starts serving with an empty configuration (every request gets
   * Kong's 404 until {@link #apply} is called).
   *
   * @throws IllegalStateException when an address cannot be bound
   */
  public static ProxyServer start(ProxyOptions options) {
    return start(options, LoadedPlugins.NONE);
  }

  /** As {@link #start(ProxyOptions)}, running the given plugins' instances found in each applied snapshot. */
  public static ProxyServer start(ProxyOptions options, LoadedPlugins plugins) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(plugins, "plugins");
    Transport transport = Transport.best();
    int threads = options.workerThreads() > 0 ? options.workerThreads() : Runtime.getRuntime().availableProcessors();
    EventLoopGroup boss = transport.newGroup(1, "gatehouse-accept");
    EventLoopGroup workers = transport.newGroup(threads, "gatehouse-proxy");
    DnsPeerSelector peers = new DnsPeerSelector(transport, options.dnsResolver());
    Balancing balancing = new Balancing(transport, peers, new HealthRegistry(), options.dnsResolver());
    ProxyServer[] self = new ProxyServer[1];
    ProxyContext px = new ProxyContext(options, transport, balancing, () -> self[0].config);
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 16384)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ProxyInitializer(px));
    List<Channel> listeners = new ArrayList<>();
    try {
      for (InetSocketAddress address : options.listen()) {
        listeners.add(b.bind(address).syncUninterruptibly().channel());
      }
    } catch (RuntimeException e) {
      listeners.forEach(Channel::close);
      balancing.close();
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot bind the proxy listener: " + e.getMessage(), e);
    }
    ProxyServer server = new ProxyServer(boss, workers, listeners, peers, balancing, plugins);
    self[0] = server;
    log.info("proxy listening on {} ({} transport, {} event loops)", server.boundAddresses(), transport.name(), threads);
    return server;
  }

  /**
   * Compiles a snapshot and makes it the active configuration. In-flight requests finish with the
   * configuration they started with.
   *
   * @throws IllegalArgumentException when the snapshot cannot be compiled; the previous one stays active
   */
  public void apply(ConfigSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    CompiledConfig next;
    try {
      next = CompiledConfig.compile(snapshot, balancing::build, plugins);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config version " + snapshot.version() + " rejected: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("config version " + snapshot.version() + " rejected: " + e, e);
    }
    config = next;
    balancing.activate(next.balancers());
  }

  /** Load balancing of this node: live balancers by upstream, health state and overrides. */
  public Balancing balancing() {
    return balancing;
  }

  /** The version of the configuration serving requests (0 before the first apply). */
  public long activeVersion() {
    return config.version();
  }

  /** The actual addresses listened on (resolves port 0). */
  public List<InetSocketAddress> boundAddresses() {
    return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
  }

  /** Stops accepting, lets in-flight work drain briefly, then stops the event loops. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    listeners.forEach(c -> c.close().syncUninterruptibly());
    balancing.close();
    peers.close();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workerGroup.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    bossGroup.terminationFuture().syncUninterruptibly();
  }
}
