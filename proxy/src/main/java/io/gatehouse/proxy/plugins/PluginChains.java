package io.gatehouse.proxy.plugins;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.PluginInstance;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.gatehouse.sdk.Instance;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's plugin instances compiled for the request path: the global rewrite list, the chain
 * for requests without a route, and a chain per route in execution order with Kong's 8-level scope
 * precedence resolved ahead of time. Routes without route-scoped instances share their service's
 * chain.
 */
public final class PluginChains {
  public static final PluginChains EMPTY =
      new PluginChains(new BoundInstance[0], new ChainSlot[0], Map.of(), Map.of(), new ChainSlot[0], List.of());

  private final BoundInstance[] globalRewrite;
  private final ChainSlot[] globalChain;
  private final Map<String, ChainSlot[]> byRoute;
  private final Map<String, ChainSlot[]> byService;
  private final ChainSlot[] serviceless;
  private final List<X509Certificate> clientCertificateAuthorities;
  // the SDK's entity views, made on first use by any request of this snapshot
  private final Map<String, io.gatehouse.sdk.Route> routeViews = new ConcurrentHashMap<>();
  private final Map<String, io.gatehouse.sdk.Service> serviceViews = new ConcurrentHashMap<>();

  private PluginChains(BoundInstance[] globalRewrite, ChainSlot[] globalChain, Map<String, ChainSlot[]> byRoute,
      Map<String, ChainSlot[]> byService, ChainSlot[] serviceless, List<X509Certificate> clientCertificateAuthorities) {
    this.clientCertificateAuthorities = clientCertificateAuthorities;
    this.globalRewrite = globalRewrite;
    this.globalChain = globalChain;
    this.byRoute = byRoute;
    this.byService = byService;
    this.serviceless = serviceless;
  }

  /**
   * Builds the handlers and binds every enabled instance.
   *
   * @throws IllegalArgumentException when an instance names a plugin that is not enabled or its
   *     config does not bind; the snapshot is then rejected
   */
  public static PluginChains compile(ConfigSnapshot snapshot, LoadedPlugins plugins, long readAtMillis) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(plugins, "plugins");
    List<PluginInstance> enabled = snapshot.plugins().stream().filter(PluginInstance::enabled).toList();
    if (enabled.isEmpty()) {
      return EMPTY;
    }
    SdkSnapshot view = new SdkSnapshot(snapshot, readAtMillis);
    Map<String, BoundPlugin> bound = new HashMap<>();
    Map<String, Instances> byPlugin = new HashMap<>();
    Set<X509Certificate> authorities = new LinkedHashSet<>();
    for (PluginInstance pi : enabled) {
      LoadedPlugin<?, ?> plugin = plugins.find(pi.name());
      if (plugin == null) {
        throw new IllegalArgumentException("plugin '" + pi.name() + "' (instance " + pi.id() + ") is not enabled on this node");
      }
      BoundPlugin bp = bound.computeIfAbsent(pi.name(), n -> new BoundPlugin(plugin));
      Object config;
      try {
        Instance scope = new Instance(pi.id(), pi.routeId(), pi.serviceId(), pi.consumerId());
        config = Objects.requireNonNull(plugin.bind(pi.config(), view, scope), "prepare returned null");
        if (plugin.asksClientCertificate()) {
          authorities.addAll(plugin.clientCertificateAuthorities(config));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("plugin '" + pi.name() + "' instance " + pi.id() + ": " + e.getMessage(), e);
      }
      byPlugin.computeIfAbsent(pi.name(), n -> new Instances(bp)).add(pi, new BoundInstance(bp, config, pi.id()));
    }
    List<Instances> ordered = new ArrayList<>(byPlugin.values());
    ordered.sort((a, b) -> BoundPlugin.ORDER.compare(a.plugin, b.plugin));

    List<BoundInstance> rewrite = new ArrayList<>();
    for (Instances in : ordered) {
      BoundInstance g = in.get(null, null, null);
      if (g != null && in.plugin.rewrite) {
        rewrite.add(g);
      }
    }
    Set<String> routeScoped = new HashSet<>();
    ordered.forEach(in -> routeScoped.addAll(in.routes));
    Map<String, ChainSlot[]> byRoute = new HashMap<>();
    Map<String, ChainSlot[]> byService = new HashMap<>();
    for (Route r : snapshot.routes()) {
      if (routeScoped.contains(r.id())) {
        byRoute.put(r.id(), chain(ordered, r.id(), r.serviceId()));
      } else if (r.serviceId() != null) {
        byService.computeIfAbsent(r.serviceId(), s -> chain(ordered, null, s));
      }
    }
    return new PluginChains(rewrite.toArray(BoundInstance[]::new), chain(ordered, null, null), Map.copyOf(byRoute),
        Map.copyOf(byService), chain(ordered, null, null), List.copyOf(authorities));
  }

  /**
   * The CAs TLS listeners name in their CertificateRequest for this snapshot: those of every enabled
   * instance of a plugin that asks for client certificates (mtls-auth's {@code send_ca_dn}), in order.
   */
  public List<X509Certificate> clientCertificateAuthorities() {
    return clientCertificateAuthorities;
  }

  /** The chain of one route (or, with a null route, of its service; both null: global only). */
  private static ChainSlot[] chain(List<Instances> ordered, @Nullable String route, @Nullable String service) {
    List<ChainSlot> slots = new ArrayList<>();
    for (Instances in : ordered) {
      // levels 4, 6, 7, 8 of reference core §7.3
      BoundInstance base = first(in.get(route, service, null), in.get(route, null, null),
          in.get(null, service, null), in.get(null, null, null));
      Map<String, BoundInstance> byConsumer = new HashMap<>();
      for (String c : in.consumers) {
        // levels 1-3, then route+service (4) still beats consumer alone (5)
        BoundInstance hit = first(in.get(route, service, c), in.get(route, null, c), in.get(null, service, c),
            in.get(route, service, null), in.get(null, null, c));
        if (hit != null && hit != base) {
          byConsumer.put(c, hit); // else: this consumer's instances are scoped to other routes/services
        }
      }
      if (base != null || !byConsumer.isEmpty()) {
        slots.add(new ChainSlot(in.plugin, base, Map.copyOf(byConsumer)));
      }
    }
    return slots.toArray(ChainSlot[]::new);
  }

  private static @Nullable BoundInstance first(@Nullable BoundInstance... candidates) {
    for (BoundInstance c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /** Global instances that implement rewrite, in order. */
  BoundInstance[] rewrite() {
    return globalRewrite;
  }

  /** The chain for a request that matched no route: global instances only. */
  ChainSlot[] global() {
    return globalChain;
  }

  /** The access chain of a matched route. */
  ChainSlot[] forRoute(Route route) {
    ChainSlot[] c = byRoute.get(route.id());
    if (c != null) {
      return c;
    }
    if (route.serviceId() != null) {
      c = byService.get(route.serviceId());
      if (c != null) {
        return c;
      }
    }
    return serviceless;
  }

  /** The SDK's view of a route, made once per snapshot and route (no allocation per request). */
  io.gatehouse.sdk.Route view(Route route) {
    io.gatehouse.sdk.Route v = routeViews.get(route.id());
    if (v == null) {
      v = new io.gatehouse.sdk.Route(route.id(), route.name());
      routeViews.putIfAbsent(route.id(), v);
    }
    return v;
  }

  /** The SDK's view of a service, made once per snapshot and service. */
  io.gatehouse.sdk.Service view(Service service) {
    io.gatehouse.sdk.Service v = serviceViews.get(service.id());
    if (v == null) {
      v = new io.gatehouse.sdk.Service(service.id(), service.name(), service.host(), service.port(), service.protocol());
      serviceViews.putIfAbsent(service.id(), v);
    }
    return v;
  }

  /** Whether any plugin is configured at all (lets the request path skip plugin work entirely). */
  public boolean isEmpty() {
    return this == EMPTY;
  }

  /** The instances of one plugin, keyed by their (route, service, consumer) scope. */
  private static final class Instances {
    final BoundPlugin plugin;
    final Map<List<String>, BoundInstance> byScope = new HashMap<>();
    final Set<String> consumers = new HashSet<>();
    final Set<String> routes = new HashSet<>();

    Instances(BoundPlugin plugin) {
      this.plugin = plugin;
    }

    void add(PluginInstance pi, BoundInstance bi) {
      byScope.put(key(pi.routeId(), pi.serviceId(), pi.consumerId()), bi);
      if (pi.consumerId() != null) {
        consumers.add(pi.consumerId());
      }
      if (pi.routeId() != null) {
        routes.add(pi.routeId());
      }
    }

    @Nullable BoundInstance get(@Nullable String route, @Nullable String service, @Nullable String consumer) {
      return byScope.get(key(route, service, consumer));
    }

    private static List<String> key(@Nullable String route, @Nullable String service, @Nullable String consumer) {
      return java.util.Arrays.asList(route, service, consumer);
    }
  }
}
