package io.gatehouse.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import java.util.List;
import java.util.Map;

/**
 * One consistent copy of the whole configuration, read from the store at one config version.
 * The data plane compiles its runtime (router, plugin chains, balancers) from it; nothing here is
 * mutated after construction.
 *
 * @param version the store's config version this copy was read at (monotonic per store)
 * @param entities every entity by table name, including plugin-owned tables ({@code keyauth_credentials}…)
 * @param workspaceNames workspace id → name (logs and metrics name a route's workspace)
 */
public record ConfigSnapshot(
    long version,
    List<Service> services,
    List<Route> routes,
    List<Consumer> consumers,
    List<PluginInstance> plugins,
    List<Upstream> upstreams,
    List<Target> targets,
    List<Certificate> certificates,
    List<Sni> snis,
    Map<String, List<ObjectNode>> entities,
    Map<String, String> workspaceNames) {

  private static final Map<String, String> DEFAULT_ONLY =
      Map.of(EntityWorkspace.DEFAULT_ID, "default");

  public static final ConfigSnapshot EMPTY =
      new ConfigSnapshot(0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), DEFAULT_ONLY);

  /** Binds raw validated entities (by table name) into typed records. */
  public static ConfigSnapshot of(long version, Map<String, List<ObjectNode>> entities) {
    return new ConfigSnapshot(
        version,
        bind(entities, "services", Service::from),
        bind(entities, "routes", Route::from),
        bind(entities, "consumers", Consumer::from),
        bind(entities, "plugins", PluginInstance::from),
        bind(entities, "upstreams", Upstream::from),
        bind(entities, "targets", Target::from),
        bind(entities, "certificates", Certificate::from),
        bind(entities, "snis", Sni::from),
        Map.copyOf(entities),
        DEFAULT_ONLY);
  }

  /** This snapshot with the store's workspace names (the default workspace is always named). */
  public ConfigSnapshot withWorkspaceNames(Map<String, String> names) {
    Map<String, String> all = new java.util.HashMap<>(names);
    all.putIfAbsent(EntityWorkspace.DEFAULT_ID, "default");
    return new ConfigSnapshot(version, services, routes, consumers, plugins, upstreams, targets, certificates, snis,
        entities, Map.copyOf(all));
  }

  /** A workspace's name; its id when the snapshot does not know it. */
  public String workspaceName(String wsId) {
    return workspaceNames.getOrDefault(wsId, wsId);
  }

  /** Rows of any table, plugin-owned ones included; empty when none. */
  public List<ObjectNode> table(String name) {
    return entities.getOrDefault(name, List.of());
  }

  private static <T> List<T> bind(
      Map<String, List<ObjectNode>> entities, String table, java.util.function.Function<ObjectNode, T> f) {
    return entities.getOrDefault(table, List.of()).stream().map(f).toList();
  }
}
