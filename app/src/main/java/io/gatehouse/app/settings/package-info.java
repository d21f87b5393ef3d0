/**
 * Gatehouse settings: {@code gatehouse.conf} in Kong's {@code kong.conf} syntax, {@code
 * GATEHOUSE_*} and {@code KONG_*} environment overrides, and Kong's key names and defaults.
 *
 * <p>Start at {@link io.gatehouse.app.settings.SettingsLoader} (precedence: CLI, environment, file,
 * defaults) and {@link io.gatehouse.app.settings.Settings} (typed, validated values). The table of
 * known keys is {@link io.gatehouse.app.settings.KnownSettings}.
 */
@NullMarked
package io.gatehouse.app.settings;

import org.jspecify.annotations.NullMarked;
