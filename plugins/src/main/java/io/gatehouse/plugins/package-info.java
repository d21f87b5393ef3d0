/**
 * Gatehouse's bundled plugins, one package each, every one a Kong 3.9 plugin with Kong's name,
 * priority, config fields, defaults and responses. Each is listed in
 * {@code META-INF/services/io.gatehouse.sdk.Plugin} (or {@code io.gatehouse.sdk.PreparedPlugin}); {@code plugins = bundled} enables them all.
 */
@NullMarked
package io.gatehouse.plugins;

import org.jspecify.annotations.NullMarked;
