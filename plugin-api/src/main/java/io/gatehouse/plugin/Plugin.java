package io.gatehouse.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.Version;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import java.util.List;
import java.util.Set;

/**
 * A plugin: data that describes it, a config schema bound to an immutable record, and a handler
 * per configuration snapshot that implements the phases it needs.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (one line naming the class in
 * {@code META-INF/services/io.gatehouse.plugin.Plugin}) and enabled by name with the
 * {@code plugins} setting ({@code plugins = bundled,my-plugin}). They must have a public no-argument
 * constructor and be stateless or thread-safe: one instance serves every request.
 *
 * <pre>{@code
 * public final class HelloPlugin implements Plugin<HelloPlugin.Config>, Access<HelloPlugin.Config> {
 *   public record Config(String greeting) {}
 *   public String name() { return "hello"; }
 *   public int priority() { return 800; }
 *   public Field configSchema() {
 *     return Field.record("config", Field.string("greeting").required().defaultValue("hi"));
 *   }
 *   public Class<Config> configType() { return Config.class; }
 *   public void access(AccessContext ctx, Config config) {
 *     ctx.upstream().setHeader("X-Greeting", config.greeting());
 *   }
 * }
 * }</pre>
 *
 * @param <C> the bound config record
 */
public interface Plugin<C> {

  /** The protocols a plugin accepts by default: Kong's {@code protocols_http}. */
  Set<String> HTTP_PROTOCOLS = Set.of("grpc", "grpcs", "http", "https");

  /** Every protocol: Kong's {@code typedefs.protocols} (request-transformer, proxy-cache …). */
  Set<String> ALL_PROTOCOLS = Set.of("grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss");

  /** The unique name used in the {@code plugins} entity and setting, e.g. {@code key-auth}. */
  String name();

  /** Reported by {@code GET /} and {@code /plugins/enabled}; bundled plugins report Kong's version. */
  default String version() {
    return Version.KONG_COMPAT;
  }

  /**
   * Execution order in every phase: higher runs first (Kong's {@code PRIORITY}; key-auth 1250, acl
   * 950 …). Equal priorities run in descending name order, as in Kong.
   */
  int priority();

  /** Protocols the plugin may be configured for. */
  default Set<String> protocols() {
    return HTTP_PROTOCOLS;
  }

  /** Scopes an instance may not be attached to; auth plugins forbid {@link Scope#CONSUMER} ({@code no_consumer}). */
  default Set<Scope> forbiddenScopes() {
    return Set.of();
  }

  /**
   * The schema of the {@code config} record, in the core schema vocabulary: types, defaults,
   * checks. It validates Admin API and declarative input and renders {@code GET /schemas/plugins/{name}}.
   * The returned field must be a record named {@code config}.
   */
  Field configSchema();

  /** The immutable record the validated config is bound to. */
  Class<C> configType();

  /**
   * Binds a validated, defaulted config to the record. Called once per plugin instance when a
   * snapshot is built, never per request. The default maps snake_case fields onto record
   * components ({@code key_names} → {@code keyNames}); override for anything the mapping can't do.
   *
   * @throws IllegalArgumentException when the config cannot be bound; the snapshot is rejected
   */
  default C bind(ObjectNode config) {
    return ConfigBinding.bind(config, configType());
  }

  /**
   * Binds the config of one instance knowing where it is attached; override when the handler needs
   * the instance's id or scope (rate-limiting counter keys). The default ignores the scope.
   *
   * @throws IllegalArgumentException when the config cannot be bound; the snapshot is rejected
   */
  default C bind(ObjectNode config, InstanceScope scope) {
    return bind(config);
  }

  /**
   * Entity types this plugin owns (credentials, ACL groups), registered next to the core ones:
   * they get a table, the generated Admin API endpoints, declarative keys and cascade deletes.
   */
  default List<Schema> entities() {
    return List.of();
  }

  /**
   * The handler serving requests of one configuration snapshot: the place to precompute state
   * (a key → credential index from {@link PluginSnapshot#table}). Called once per snapshot on the
   * snapshot builder thread. It must implement at least one phase interface. The default returns
   * this plugin when it implements the phases itself.
   */
  @SuppressWarnings("unchecked")
  default PhaseHandler<C> handler(PluginSnapshot snapshot) {
    if (this instanceof PhaseHandler<?> h) {
      return (PhaseHandler<C>) h;
    }
    throw new IllegalStateException("plugin '" + name() + "' implements no phase; override handler()");
  }

  /**
   * Called once when the node starts, before any snapshot, with the runtime services this node
   * offers ({@link SharedCounters} when a database is configured). The default ignores them.
   */
  default void start(PluginServices services) {}

  /** Admin API endpoints this plugin adds (proxy-cache's purge endpoints); none by default. */
  default List<AdminEndpoint> adminEndpoints() {
    return List.of();
  }

  /** Status API endpoints this plugin adds (prometheus's {@code /metrics}); none by default. */
  default List<AdminEndpoint> statusEndpoints() {
    return List.of();
  }
}
