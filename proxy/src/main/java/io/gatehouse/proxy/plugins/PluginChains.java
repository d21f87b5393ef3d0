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
  private static final String DEFAULT_WS = io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID;
  private static final ChainSlot[] EMPTY_CHAIN = new ChainSlot[0];
  public static final PluginChains EMPTY =
      new PluginChains(new BoundInstance[0], new ChainSlot[0], Map.of(), Map.of(), Map.of(), 0, 0, List.of(),
          List.of(), List.of(), Map.of());

  private final BoundInstance[] globalRewrite;
  private final ChainSlot[] globalChain;
  private final Map<String, ChainSlot[]> byRoute;
  private final Map<String, ChainSlot[]> byService;
  private final Map<String, ChainSlot[]> servicelessByWorkspace; // routes with no service nor own instances
  private final int tracedSteps; // TracedSteps kind bits, fixed for the snapshot
  private final double spanSamplingBound; // the highest rate a tracing instance keeps node spans at (SpanDecision)
  private final List<BoundInstance> instances; // every prepared instance, for retire()
  private final List<X509Certificate> clientCertificateAuthorities;
  private final List<AuditSinks.Sink> auditSinks; // instances tagged for the audit log, in no chain
  private final Map<String, String> workspaceNames; // ws_id → name, for the route views
  // the SDK's entity views, made on first use by any request of this snapshot
  private final Map<String, io.gatehouse.sdk.Route> routeViews = new ConcurrentHashMap<>();
  private final Map<String, io.gatehouse.sdk.Service> serviceViews = new ConcurrentHashMap<>();

  private PluginChains(BoundInstance[] globalRewrite, ChainSlot[] globalChain, Map<String, ChainSlot[]> byRoute,
      Map<String, ChainSlot[]> byService, Map<String, ChainSlot[]> servicelessByWorkspace, int tracedSteps, double spanSamplingBound, List<BoundInstance> instances,
      List<X509Certificate> clientCertificateAuthorities, List<AuditSinks.Sink> auditSinks,
      Map<String, String> workspaceNames) {
    this.auditSinks = auditSinks;
    this.workspaceNames = workspaceNames;
    this.tracedSteps = tracedSteps;
    this.spanSamplingBound = spanSamplingBound;
    this.instances = instances;
    this.clientCertificateAuthorities = clientCertificateAuthorities;
    this.globalRewrite = globalRewrite;
    this.globalChain = globalChain;
    this.byRoute = byRoute;
    this.byService = byService;
    this.servicelessByWorkspace = servicelessByWorkspace;
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
    List<PluginInstance> all = snapshot.plugins().stream().filter(PluginInstance::enabled).toList();
    if (all.isEmpty()) {
      return EMPTY;
    }
    List<PluginInstance> enabled = all.stream().filter(pi -> !AuditSinks.isAuditSink(pi)).toList();
    List<PluginInstance> audit = all.stream().filter(AuditSinks::isAuditSink).toList();
    SdkSnapshot view = new SdkSnapshot(snapshot, readAtMillis);
    Map<String, BoundPlugin> bound = new HashMap<>();
    Map<String, Instances> byPlugin = new HashMap<>();
    List<BoundInstance> made = new ArrayList<>();
    List<AuditSinks.Sink> auditSinks = new ArrayList<>();
    try {
      bindAll(enabled, plugins, view, bound, byPlugin, made);
      Map<String, Instances> auditByPlugin = new HashMap<>(); // bound the same way, then kept out of the chains
      List<BoundInstance> auditMade = new ArrayList<>();
      bindAll(audit, plugins, view, bound, auditByPlugin, auditMade);
      made.addAll(auditMade);
      Map<String, String> auditWs = new HashMap<>();
      audit.forEach(pi -> auditWs.put(pi.id(), pi.wsId()));
      auditMade.forEach(bi -> auditSinks.add(new AuditSinks.Sink(bi.id(), bi.plugin().name, bi.plugin().plugin, bi.config(),
          auditWs.getOrDefault(bi.id(), io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID))));
    } catch (RuntimeException e) {
      retire(made); // the snapshot is rejected: what was prepared for it is released
      throw e;
    }
    return arrange(snapshot, plugins, byPlugin, made, List.copyOf(auditSinks));
  }

  private static void bindAll(List<PluginInstance> enabled, LoadedPlugins plugins, SdkSnapshot view,
      Map<String, BoundPlugin> bound, Map<String, Instances> byPlugin, List<BoundInstance> made) {
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
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("plugin '" + pi.name() + "' instance " + pi.id() + ": " + e.getMessage(), e);
      }
      BoundInstance bi = new BoundInstance(bp, config, pi.id());
      made.add(bi);
      byPlugin.computeIfAbsent(pi.name(), n -> new Instances(bp)).add(pi, bi);
    }
  }

  /**
   * Tells each plugin that the instances prepared for this snapshot take no new requests
   * ({@link io.gatehouse.sdk.PreparedPlugin#retire}); call once, after a newer snapshot replaced it.
   */
  public void retire() {
    retire(instances);
  }

  private static void retire(List<BoundInstance> instances) {
    for (BoundInstance bi : instances) {
      try {
        bi.plugin().plugin.retire(bi.config());
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(PluginChains.class)
            .warn("plugin '{}' (instance {}) failed to retire", bi.plugin().name, bi.id(), e);
      }
    }
  }

  private static PluginChains arrange(ConfigSnapshot snapshot, LoadedPlugins plugins, Map<String, Instances> byPlugin,
      List<BoundInstance> made, List<AuditSinks.Sink> auditSinks) {
    List<Instances> ordered = new ArrayList<>(byPlugin.values());
    ordered.sort((a, b) -> BoundPlugin.ORDER.compare(a.plugin, b.plugin));

    List<BoundInstance> rewrite = new ArrayList<>();
    // rewrite runs before the router picks a route, in the default workspace (Kong's ngx.ctx.workspace)
    for (Instances in : ordered) {
      BoundInstance g = in.get(DEFAULT_WS, null, null, null);
      if (g != null && in.plugin.rewrite) {
        rewrite.add(g);
      }
    }
    Set<String> routeScoped = new HashSet<>();
    ordered.forEach(in -> routeScoped.addAll(in.routes));
    Map<String, ChainSlot[]> byRoute = new HashMap<>();
    Map<String, ChainSlot[]> byService = new HashMap<>();
    Map<String, ChainSlot[]> serviceless = new HashMap<>();
    for (Route r : snapshot.routes()) {
      // a route, its service and the global instances that apply to it share one workspace
      if (routeScoped.contains(r.id())) {
        byRoute.put(r.id(), chain(ordered, r.wsId(), r.id(), r.serviceId()));
      } else if (r.serviceId() != null) {
        byService.computeIfAbsent(r.serviceId(), s -> chain(ordered, r.wsId(), null, s));
      } else {
        serviceless.computeIfAbsent(r.wsId(), ws -> chain(ordered, ws, null, null));
      }
    }
    return new PluginChains(rewrite.toArray(BoundInstance[]::new), chain(ordered, DEFAULT_WS, null, null), Map.copyOf(byRoute),
        Map.copyOf(byService), Map.copyOf(serviceless), plugins.tracedSteps(), spanSamplingBound(made), List.copyOf(made),
        clientCertificateAuthorities(made), auditSinks, snapshot.workspaceNames());
  }

  /** The instances tagged {@value AuditSinks#TAG} that receive the Admin API audit log (none run for requests). */
  public List<AuditSinks.Sink> auditSinks() {
    return auditSinks;
  }

  /** The highest rate at which an instance of the snapshot keeps the node's spans (0: none reads them). */
  private static double spanSamplingBound(List<BoundInstance> made) {
    double bound = 0;
    for (BoundInstance bi : made) bound = Math.max(bound, bi.plugin().plugin.tracedSpansSamplingRate(bi.config()));
    return bound;
  }

  /** The CAs named by the instances of plugins that ask for client certificates (send_ca_dn), in order. */
  private static List<X509Certificate> clientCertificateAuthorities(List<BoundInstance> made) {
    Set<X509Certificate> authorities = new LinkedHashSet<>();
    for (BoundInstance bi : made) {
      var plugin = bi.plugin().plugin;
      if (plugin.asksClientCertificate()) authorities.addAll(plugin.clientCertificateAuthorities(bi.config()));
    }
    return List.copyOf(authorities);
  }

  /**
   * The CAs TLS listeners name in their CertificateRequest for this snapshot: those of every enabled
   * instance of a plugin that asks for client certificates (mtls-auth's {@code send_ca_dn}), in order.
   */
  public List<X509Certificate> clientCertificateAuthorities() {
    return clientCertificateAuthorities;
  }

  /** The tracing steps this snapshot's requests record ({@link TracedSteps} kind bits). */
  int tracedSteps() {
    return tracedSteps;
  }

  /** The highest sampling rate at which this snapshot's tracing instances keep the node's spans ({@link SpanDecision}). */
  double spanSamplingBound() {
    return spanSamplingBound;
  }

  /**
   * The chain of one route (or, with a null route, of a route without instances of its own on
   * {@code service}; both null: global only). Kong's lookup (reference core §7.3, {@code lookup_cfg}):
   * route+service+consumer, route+consumer, service+consumer, route+service, consumer, route,
   * service, global — a level that needs an id the request lacks is skipped. The instances scoped
   * to a consumer alone are shared by every chain, so compiling stays linear in routes + instances.
   */
  private static ChainSlot[] chain(List<Instances> ordered, String ws, @Nullable String route, @Nullable String service) {
    List<ChainSlot> slots = new ArrayList<>();
    boolean both = route != null && service != null;
    for (Instances in : ordered) {
      BoundInstance routeAndService = both ? in.get(ws, route, service, null) : null;
      BoundInstance base = first(routeAndService, route == null ? null : in.get(ws, route, null, null),
          service == null ? null : in.get(ws, null, service, null), in.get(ws, null, null, null));
      Map<String, BoundInstance> specific = new HashMap<>();
      for (String c : in.consumersOf(route, service)) {
        BoundInstance hit = first(both ? in.get(ws, route, service, c) : null,
            route == null ? null : in.get(ws, route, null, c), service == null ? null : in.get(ws, null, service, c));
        if (hit != null) {
          specific.put(c, hit);
        }
      }
      // level 4 (route+service) beats a consumer alone (5)
      Map<String, BoundInstance> consumerWide = routeAndService != null ? Map.of() : in.consumerOnly;
      if (base != null || !specific.isEmpty() || !consumerWide.isEmpty()) {
        slots.add(new ChainSlot(in.plugin, base, Map.copyOf(specific), consumerWide));
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

  /** The chain for a request that matched no route: the default workspace's global instances only. */
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
    c = servicelessByWorkspace.get(route.wsId());
    return c == null ? EMPTY_CHAIN : c;
  }

  /** The SDK's view of a route, made once per snapshot and route (no allocation per request). */
  io.gatehouse.sdk.Route view(Route route) {
    io.gatehouse.sdk.Route v = routeViews.get(route.id());
    if (v == null) {
      String ws = route.wsId();
      v = new io.gatehouse.sdk.Route(route.id(), route.name(), ws,
          workspaceNames.getOrDefault(ws, DEFAULT_WS.equals(ws) ? "default" : ws));
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
    final Set<String> routes = new HashSet<>();
    /** Level 5 (a consumer alone), shared read-only by every chain once compiled. */
    final Map<String, BoundInstance> consumerOnly = new HashMap<>();
    /** The consumers with an instance scoped to a route (levels 1, 2), by route. */
    private final Map<String, Set<String>> consumersByRoute = new HashMap<>();
    /** The consumers with an instance scoped to a service and no route (level 3), by service. */
    private final Map<String, Set<String>> consumersByService = new HashMap<>();

    Instances(BoundPlugin plugin) {
      this.plugin = plugin;
    }

    void add(PluginInstance pi, BoundInstance bi) {
      byScope.put(key(pi.wsId(), pi.routeId(), pi.serviceId(), pi.consumerId()), bi);
      String consumer = pi.consumerId();
      if (consumer != null) {
        if (pi.routeId() != null) {
          consumersByRoute.computeIfAbsent(pi.routeId(), r -> new HashSet<>()).add(consumer);
        } else if (pi.serviceId() != null) {
          consumersByService.computeIfAbsent(pi.serviceId(), s -> new HashSet<>()).add(consumer);
        } else {
          consumerOnly.put(consumer, bi);
        }
      }
      if (pi.routeId() != null) {
        routes.add(pi.routeId());
      }
    }

    /** The consumers that may have an instance of levels 1-3 on this route and service. */
    Set<String> consumersOf(@Nullable String route, @Nullable String service) {
      Set<String> byRoute = route == null ? Set.of() : consumersByRoute.getOrDefault(route, Set.of());
      Set<String> byService = service == null ? Set.of() : consumersByService.getOrDefault(service, Set.of());
      if (byService.isEmpty()) {
        return byRoute;
      }
      if (byRoute.isEmpty()) {
        return byService;
      }
      Set<String> both = new HashSet<>(byRoute);
      both.addAll(byService);
      return both;
    }

    @Nullable BoundInstance get(String ws, @Nullable String route, @Nullable String service, @Nullable String consumer) {
      return byScope.get(key(ws, route, service, consumer));
    }

    private static List<String> key(String ws, @Nullable String route, @Nullable String service, @Nullable String consumer) {
      return java.util.Arrays.asList(ws, route, service, consumer);
    }
  }
}
