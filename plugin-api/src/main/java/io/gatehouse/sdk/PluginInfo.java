package io.gatehouse.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a plugin is, as data: on every {@link Plugin} class.
 *
 * <pre>{@code @PluginInfo(name = "hello-header", priority = 800, version = "1.0.0")}</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PluginInfo {

  /** The unique name used in the {@code plugins} entity and setting, e.g. {@code key-auth}. */
  String name();

  /** Execution order in every phase: higher runs first (Kong's {@code PRIORITY}); ties run in descending name order. */
  int priority();

  /** Reported by {@code GET /} and {@code /plugins/enabled}; empty: the gateway's Kong-compatible version (bundled plugins). */
  String version() default "";

  /** Protocols the plugin may be configured for; {@link Protocols#HTTP} by default. */
  Protocols protocols() default Protocols.HTTP;

  /** Where an instance may not be attached; auth plugins forbid {@link Scope#CONSUMER} (Kong's {@code no_consumer}). */
  Scope[] forbiddenScopes() default {};
}
