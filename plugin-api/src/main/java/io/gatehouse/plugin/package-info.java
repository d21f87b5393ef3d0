/**
 * The Gatehouse plugin SPI: what a plugin author implements and what the gateway hands back.
 *
 * <p>Start at {@link io.gatehouse.plugin.Plugin}: a plugin is found by {@link java.util.ServiceLoader},
 * declares its name, priority and config schema, binds its config to an immutable record when a
 * configuration snapshot is built, and implements only the phase interfaces it needs
 * ({@link io.gatehouse.plugin.Rewrite}, {@link io.gatehouse.plugin.Access},
 * {@link io.gatehouse.plugin.AsyncAccess}, {@link io.gatehouse.plugin.HeaderFilter},
 * {@link io.gatehouse.plugin.BodyFilter}, {@link io.gatehouse.plugin.Log}). Each phase receives a
 * context exposing only what is legal in that phase, modelled on Kong's PDK. No Netty type appears
 * here. The guide is {@code docs/plugins.md}.
 *
 * <p>Being replaced by the plugin SDK 1.0 in {@code io.gatehouse.sdk}; this package is deleted once
 * every bundled plugin is ported ({@code docs/plugin-migration.md}).
 */
@NullMarked
package io.gatehouse.plugin;

import org.jspecify.annotations.NullMarked;
