package io.gatehouse.proxy.runtime;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Service;
import io.gatehouse.proxy.balancer.UpstreamBalancer;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.PluginChains;
import io.gatehouse.proxy.router.Router;
import io.gatehouse.proxy.tls.SniCertificates;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Everything a request needs from one config version, compiled once. */
public final class CompiledConfig {
  private final long version;
  private final Router router;
  private final Map<String, ServiceTarget> services;
  private final Map<String, UpstreamBalancer> balancers;
  private final PluginChains plugins;
  private final SniCertificates certificates;
  private final UpstreamTlsContexts upstreamTls;

  private CompiledConfig(long version, Router router, Map<String, ServiceTarget> services,
      Map<String, UpstreamBalancer> balancers, PluginChains plugins, SniCertificates certificates,
      UpstreamTlsContexts upstreamTls) {
    this.version = version;
    this.router = router;
    this.services = services;
    this.balancers = balancers;
    this.plugins = plugins;
    this.certificates = certificates;
    this.upstreamTls = upstreamTls;
  }

  public static CompiledConfig empty() {
    return new CompiledConfig(0, Router.empty(), Map.of(), Map.of(), PluginChains.EMPTY, SniCertificates.NONE,
        UpstreamTlsContexts.NONE);
  }

  /** Compiles a snapshot without balancers (service hosts always resolve by DNS) and without plugins. */
  public static CompiledConfig compile(ConfigSnapshot snapshot) {
    return compile(snapshot, s -> Map.of(), LoadedPlugins.NONE);
  }

  /** Compiles a snapshot without its TLS certificates (a node with no TLS listener never serves them). */
  public static CompiledConfig compile(ConfigSnapshot snapshot,
      Function<ConfigSnapshot, Map<String, UpstreamBalancer>> balancing, LoadedPlugins loaded) {
    return compile(snapshot, balancing, loaded, s -> SniCertificates.NONE);
  }

  /**
   * Compiles a snapshot, building its balancers with {@code balancing}, its plugin chains from
   * {@code loaded} and its SNI certificates with {@code tls}.
   *
   * @throws IllegalArgumentException when a route, service or plugin instance cannot be compiled
   */
  public static CompiledConfig compile(ConfigSnapshot snapshot,
      Function<ConfigSnapshot, Map<String, UpstreamBalancer>> balancing, LoadedPlugins loaded,
      Function<ConfigSnapshot, SniCertificates> tls) {
    return compile(snapshot, balancing, loaded, tls,
        s -> UpstreamTlsContexts.compile(s, UpstreamTlsContexts.NONE, UpstreamTlsContexts.Defaults.KONG));
  }

  /** As above, compiling the upstream TLS of its https services with {@code upstreamTls}. */
  public static CompiledConfig compile(ConfigSnapshot snapshot,
      Function<ConfigSnapshot, Map<String, UpstreamBalancer>> balancing, LoadedPlugins loaded,
      Function<ConfigSnapshot, SniCertificates> tls, Function<ConfigSnapshot, UpstreamTlsContexts> upstreamTls) {
    Map<String, UpstreamBalancer> balancers = balancing.apply(snapshot);
    UpstreamTlsContexts origins = upstreamTls.apply(snapshot);
    Map<String, ServiceTarget> services = new HashMap<>();
    Set<String> disabled = new HashSet<>();
    for (Service s : snapshot.services()) {
      if (s.id() == null) throw new IllegalArgumentException("a service has no id");
      if (!s.enabled()) {
        disabled.add(s.id());
        continue;
      }
      services.put(s.id(), ServiceTarget.of(s, s.host() == null ? null : balancers.get(s.host()), origins.forService(s.id())));
    }
    PluginChains plugins = PluginChains.compile(snapshot, loaded, System.currentTimeMillis());
    try {
      Router router = Router.compile(snapshot.routes(), disabled);
      return new CompiledConfig(snapshot.version(), router, Map.copyOf(services), balancers, plugins,
          tls.apply(snapshot), origins);
    } catch (RuntimeException e) {
      plugins.retire(); // rejected: the prepared instances never serve
      throw e;
    }
  }

  public long version() {
    return version;
  }

  /** The ring balancers of this version, by upstream name. */
  public Map<String, UpstreamBalancer> balancers() {
    return balancers;
  }

  public Router router() {
    return router;
  }

  /** The plugin chains of this snapshot. */
  public PluginChains plugins() {
    return plugins;
  }

  /** The certificates served by SNI on TLS listeners. */
  public SniCertificates certificates() {
    return certificates;
  }

  /** The TLS contexts of origin connections, by service. */
  public UpstreamTlsContexts upstreamTls() {
    return upstreamTls;
  }

  /** The service of a route, or null when the route has none. */
  public @Nullable ServiceTarget service(@Nullable String serviceId) {
    return serviceId == null ? null : services.get(serviceId);
  }
}
