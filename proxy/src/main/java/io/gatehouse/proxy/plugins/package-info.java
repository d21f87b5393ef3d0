/**
 * The plugin runtime: loading plugins ({@link io.gatehouse.proxy.plugins.LoadedPlugins}), compiling
 * each snapshot's plugin instances into per-route chains with Kong's scope precedence
 * ({@link io.gatehouse.proxy.plugins.PluginChains}), and running the phases of one request
 * ({@link io.gatehouse.proxy.plugins.PluginRun}). Start at {@code PluginRun} for the request path.
 */
@NullMarked
package io.gatehouse.proxy.plugins;

import org.jspecify.annotations.NullMarked;
