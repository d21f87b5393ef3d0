package io.gatehouse.proxy;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.health.HealthRegistry;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.runtime.CompiledConfig;
import io.gatehouse.proxy.server.ConnectionCounters;
import io.gatehouse.proxy.server.ListenerProtocols;
import io.gatehouse.proxy.server.ProxyContext;
import io.gatehouse.proxy.server.ProxyInitializer;
import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.proxy.status.UpstreamHealthView;
import io.gatehouse.proxy.tls.Alpn;
import io.gatehouse.proxy.tls.CertificateSelector;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.ServerSslContexts;
import io.gatehouse.proxy.tls.SniCertificates;
import io.gatehouse.proxy.tls.TlsPolicy;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import io.gatehouse.proxy.upstream.DnsPeerSelector;
import io.gatehouse.proxy.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>TLS listeners ({@link ProxyOptions#tlsListen()}) pick each handshake's certificate from the
 * applied snapshot's certificates and SNIs, else present the default certificate.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final List<Channel> listeners;
  private final List<Channel> tlsListeners;
  private final DnsPeerSelector peers;
  private final Balancing balancing;
  private final LoadedPlugins plugins;
  private final ConnectionCounters counters;
  /** The configuration serving requests; connections read it (a volatile read) per request and handshake. */
  private final AtomicReference<CompiledConfig> config;
  private final boolean tls;
  private final UpstreamTlsContexts.Defaults upstreamTlsDefaults;
  private final ProxyContext px;
  private final @Nullable CertificateSelector selector;
  private final @Nullable CertificateSelector h2Selector;
  private final TlsPolicy tlsPolicy;
  /** The node's default certificate ({@code ssl_cert}): also built naming CAs while a plugin asks for that. */
  private volatile List<PemKeyPair> defaultCertificates; // replaced by a reload
  private volatile boolean closed;

  private ProxyServer(EventLoopGroup boss, EventLoopGroup workers, List<Channel> listeners, List<Channel> tlsListeners,
      DnsPeerSelector peers, Balancing balancing, LoadedPlugins plugins, AtomicReference<CompiledConfig> config,
      UpstreamTlsContexts.Defaults upstreamTlsDefaults, TlsPolicy tlsPolicy, ProxyContext px,
      @Nullable CertificateSelector selector, @Nullable CertificateSelector h2Selector,
      List<PemKeyPair> defaultCertificates) {
    this.plugins = plugins;
    this.defaultCertificates = defaultCertificates;
    this.px = px;
    this.counters = px.counters;
    this.selector = selector;
    this.h2Selector = h2Selector;
    this.bossGroup = boss;
    this.workerGroup = workers;
    this.listeners = listeners;
    this.tlsListeners = tlsListeners;
    this.peers = peers;
    this.balancing = balancing;
    this.config = config;
    this.tls = !tlsListeners.isEmpty();
    this.upstreamTlsDefaults = upstreamTlsDefaults;
    this.tlsPolicy = tlsPolicy;
  }

  /**
   * Binds every listen address and starts serving with an empty configuration (every request gets
   * Kong's 404 until {@link #apply} is called).
   *
   * @throws IllegalStateException when an address cannot be bound
   * @throws IllegalArgumentException when the default certificate of the TLS listeners cannot be used
   */
  public static ProxyServer start(ProxyOptions options) {
    return start(options, LoadedPlugins.NONE);
  }

  /** As {@link #start(ProxyOptions)}, running the given plugins' instances found in each applied snapshot. */
  public static ProxyServer start(ProxyOptions options, LoadedPlugins plugins) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(plugins, "plugins");
    // before any thread starts: a bad ssl_cert stops the node here, with nothing to clean up
    CertificateSelector selector = null;
    CertificateSelector h2Selector = null;
    AtomicReference<CompiledConfig> config = new AtomicReference<>(CompiledConfig.empty());
    if (!options.tlsListen().isEmpty()) {
      SslContext defaultContext;
      try {
        defaultContext = ServerSslContexts.build(options.defaultCertificates(), Alpn.HTTP1, options.tlsPolicy(), false);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("default certificate (ssl_cert): " + e.getMessage(), e);
      }
      selector = new CertificateSelector(defaultContext,
          ServerSslContexts.build(options.defaultCertificates(), Alpn.HTTP1, options.tlsPolicy(), true), () -> config.get().certificates(),
          Alpn.HTTP1);
      if (options.tlsListen().stream().anyMatch(options.http2Listen()::contains)) {
        h2Selector = new CertificateSelector(
            ServerSslContexts.build(options.defaultCertificates(), Alpn.H2, options.tlsPolicy(), false),
            ServerSslContexts.build(options.defaultCertificates(), Alpn.H2, options.tlsPolicy(), true),
            () -> config.get().certificates(), Alpn.H2);
      }
    }
    try {
      java.nio.file.Files.createDirectories(options.clientBodyTempPath());
      // bodies a previous run left behind (killed while a request body waited on disk)
      try (var leftovers = java.nio.file.Files.newDirectoryStream(options.clientBodyTempPath(), "body-*.tmp")) {
        for (java.nio.file.Path p : leftovers) java.nio.file.Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the client body temp directory " + options.clientBodyTempPath()
          + ": " + e.getMessage(), e);
    }
    Transport transport = Transport.best();
    int threads = options.workerThreads() > 0 ? options.workerThreads() : Runtime.getRuntime().availableProcessors();
    EventLoopGroup boss = transport.newGroup(1, "gatehouse-accept");
    EventLoopGroup workers = transport.newGroup(threads, "gatehouse-proxy");
    DnsPeerSelector peers = new DnsPeerSelector(transport, options.dnsResolver());
    Balancing balancing = new Balancing(transport, peers, new HealthRegistry(), options.dnsResolver());
    ProxyContext px = new ProxyContext(options, transport, balancing, config::get);
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 16384)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ProxyInitializer(px, null));
    List<Channel> listeners = new ArrayList<>();
    List<Channel> tlsListeners = new ArrayList<>();
    try {
      ServerBootstrap h2c = b.clone().childHandler(new ProxyInitializer(px, null, ListenerProtocols.H2_AND_HTTP1));
      for (InetSocketAddress address : options.listen()) {
        ServerBootstrap on = options.http2Listen().contains(address) ? h2c : b;
        listeners.add(on.bind(address).syncUninterruptibly().channel());
      }
      if (selector != null) {
        ServerBootstrap tlsBootstrap = b.clone().childHandler(new ProxyInitializer(px, selector));
        ServerBootstrap h2 = h2Selector == null ? tlsBootstrap
            : b.clone().childHandler(new ProxyInitializer(px, h2Selector, ListenerProtocols.H2_AND_HTTP1));
        for (InetSocketAddress address : options.tlsListen()) {
          ServerBootstrap on = options.http2Listen().contains(address) ? h2 : tlsBootstrap;
          tlsListeners.add(on.bind(address).syncUninterruptibly().channel());
        }
      }
    } catch (RuntimeException e) {
      listeners.forEach(Channel::close);
      tlsListeners.forEach(Channel::close);
      balancing.close();
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot bind the proxy listener: " + e.getMessage(), e);
    }
    ProxyServer server = new ProxyServer(boss, workers, listeners, tlsListeners, peers, balancing, plugins, config,
        options.upstreamTls(), options.tlsPolicy(), px, selector, h2Selector, options.defaultCertificates());
    log.info("proxy listening on {}{} ({} transport, {} event loops)", server.boundPlainAddresses(),
        tlsListeners.isEmpty() ? "" : " and TLS " + server.boundTlsAddresses(), transport.name(), threads);
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
    CompiledConfig previous = config.get();
    try {
      next = CompiledConfig.compile(snapshot, balancing::build, plugins,
          (s, chains) -> tls ? SniCertificates.compile(s, previous.certificates(), tlsPolicy, asksClientCertificate(s),
              chains.clientCertificateAuthorities(), defaultCertificates) : SniCertificates.NONE,
          s -> UpstreamTlsContexts.compile(s, previous.upstreamTls(), upstreamTlsDefaults));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config version " + snapshot.version() + " rejected: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("config version " + snapshot.version() + " rejected: " + e, e);
    }
    CompiledConfig replaced = config.getAndSet(next);
    balancing.activate(next.balancers());
    replaced.plugins().retire(); // new requests use next; the old instances release what they hold
  }

  /**
   * A reload: takes the settings a running server can change ({@link ProxyContext#reconfigure}) and
   * the default certificate of the TLS listeners. Connections stay open; a request in flight
   * finishes, and the next request on a kept-alive connection sees the new settings. Listen
   * addresses are not changed here.
   *
   * @throws IllegalArgumentException when the new default certificate cannot be used; nothing changed then
   */
  public void reconfigure(ProxyOptions next) {
    Objects.requireNonNull(next, "next");
    if (selector != null) {
      SslContext plain;
      try {
        plain = ServerSslContexts.build(next.defaultCertificates(), Alpn.HTTP1, tlsPolicy, false);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("default certificate (ssl_cert): " + e.getMessage(), e);
      }
      // the TLS policy (protocols, ciphers) stays the one the listeners started with
      SslContext asking = ServerSslContexts.build(next.defaultCertificates(), Alpn.HTTP1, tlsPolicy, true);
      if (h2Selector != null) {
        h2Selector.replaceDefaults(ServerSslContexts.build(next.defaultCertificates(), Alpn.H2, tlsPolicy, false),
            ServerSslContexts.build(next.defaultCertificates(), Alpn.H2, tlsPolicy, true));
      }
      selector.replaceDefaults(plain, asking);
      defaultCertificates = next.defaultCertificates();
    }
    px.reconfigure(next);
  }

  /**
   * A graceful stop's first half (Kong's {@code quit}): stops accepting, closes idle keep-alive
   * connections, lets requests in flight finish (their connections close after the answer) and
   * waits up to {@code grace} for them. Connections still busy then are closed. {@link #close()}
   * does the rest.
   *
   * @return whether every request in flight finished within {@code grace}
   */
  public boolean quit(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    listeners.forEach(c -> c.close().syncUninterruptibly());
    tlsListeners.forEach(c -> c.close().syncUninterruptibly());
    px.startQuitting();
    for (Channel ch : px.channels) {
      ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(ProxyContext.QUIT));
    }
    long deadline = System.nanoTime() + grace.toNanos();
    boolean drained;
    while (!(drained = busy() == 0) && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the quitting thread, never an event loop
    }
    if (!drained) {
      log.warn("{} requests still in flight after {} ms; closing their connections", busy(), grace.toMillis());
    }
    px.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    return drained;
  }

  private long busy() {
    ServerCounters c = counters.snapshot();
    return c.reading() + c.writing();
  }

  /** Whether an enabled plugin instance needs the client's certificate (Kong's mtls-auth asks in every handshake then). */
  private boolean asksClientCertificate(ConfigSnapshot snapshot) {
    for (var instance : snapshot.plugins()) {
      if (!instance.enabled()) continue;
      var plugin = plugins.find(instance.name());
      if (plugin != null && plugin.asksClientCertificate()) return true;
    }
    return false;
  }

  /** Load balancing of this node: live balancers by upstream, health state and overrides (tests and benchmarks; the Admin API reads {@link #health()}). */
  public Balancing balancing() {
    return balancing;
  }

  /** The live health of this node's upstreams, read-only (plus Kong's manual overrides), for the Admin API. */
  public UpstreamHealthView health() {
    return balancing.healthView();
  }

  /** nginx's stub-status counts of the client connections (Kong's {@code server} block of {@code /status}). */
  public ServerCounters counters() {
    return counters.snapshot();
  }

  /** The active configuration's audit log sinks ({@link io.gatehouse.proxy.plugins.AuditSinks}). */
  public java.util.List<io.gatehouse.proxy.plugins.AuditSinks.Sink> auditSinks() {
    return config.get().plugins().auditSinks();
  }

  /** The version of the configuration serving requests (0 before the first apply). */
  public long activeVersion() {
    return config.get().version();
  }

  /** The actual addresses listened on (resolves port 0): the plain-HTTP ones first, then the TLS ones. */
  public List<InetSocketAddress> boundAddresses() {
    List<InetSocketAddress> all = new ArrayList<>(boundPlainAddresses());
    all.addAll(boundTlsAddresses());
    return List.copyOf(all);
  }

  /** The plain-HTTP addresses listened on. */
  public List<InetSocketAddress> boundPlainAddresses() {
    return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
  }

  /** The TLS addresses listened on. */
  public List<InetSocketAddress> boundTlsAddresses() {
    return tlsListeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
  }

  /** Stops accepting, lets in-flight work drain briefly, then stops the event loops. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    listeners.forEach(c -> c.close().syncUninterruptibly());
    tlsListeners.forEach(c -> c.close().syncUninterruptibly());
    config.get().plugins().retire(); // the node stops: plugins release (and flush) what they hold
    balancing.close();
    peers.close();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workerGroup.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    bossGroup.terminationFuture().syncUninterruptibly();
  }
}
