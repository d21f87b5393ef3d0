package io.gatehouse.sdk;

/**
 * A Gatehouse plugin. Declare what it is with {@link PluginInfo}, describe its configuration once
 * as the record {@code C} (annotations such as {@link Default} and {@link OneOf} give Kong's schema:
 * {@code GET /schemas/plugins/{name}}, validation and defaults all come from it), and override the
 * phases it needs; the gateway calls only the phases a plugin overrides.
 *
 * <pre>{@code
 * @PluginInfo(name = "hello", priority = 800, version = "1.0.0")
 * public final class HelloPlugin implements Plugin<HelloPlugin.Config> {
 *   public record Config(@Default("hi") String greeting) {}
 *
 *   @Override
 *   public void access(AccessPhase ctx, Config config) {
 *     ctx.upstream().setHeader("X-Greeting", config.greeting());
 *   }
 * }
 * }</pre>
 *
 * <p>Register the class with one line in {@code META-INF/services/io.gatehouse.sdk.Plugin} and
 * enable it by name ({@code plugins = bundled,hello}). The class needs a public no-argument
 * constructor. One instance serves every request on every event loop: keep it stateless (or
 * thread-safe). Phases run inline on the event loop and must not block.
 *
 * <p>Config record rules: component {@code fooBar} is field {@code foo_bar} (override with
 * {@link Name}); {@code String}, {@code boolean}, {@code int}/{@code long}, {@code double},
 * {@code List} (Kong {@code array}), {@code Set} ({@code set}), {@code Map<String, V>} ({@code map})
 * and nested records ({@code record}) are supported; a component with {@link Default} or of a
 * primitive type is required unless its type is {@code @Nullable} (jspecify), so an optional
 * field is a {@code @Nullable} component, {@code null} when absent. A plugin that turns its config
 * into something faster to use per request (compiled patterns, joined header values) implements
 * {@link PreparedPlugin} instead.
 *
 * @param <C> the config record
 */
public interface Plugin<C extends Record> extends PreparedPlugin<C, C> {

  /** A plain plugin's handlers get the config record itself. */
  @Override
  default C prepare(C config) {
    return config;
  }
}
