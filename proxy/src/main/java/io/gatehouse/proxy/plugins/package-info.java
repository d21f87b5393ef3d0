/**
 * The plugin runtime: loading plugins ({@link io.gatehouse.proxy.plugins.LoadedPlugins}), compiling
 * each snapshot's plugin instances into per-route chains with Kong's scope precedence
 * ({@link io.gatehouse.proxy.plugins.PluginChains}), and running the phases of one request
 * ({@link io.gatehouse.proxy.plugins.PluginRun}). Start at {@code PluginRun} for the request path.
 *
 * <p>Plugins are written on the SDK ({@code io.gatehouse.sdk}, module plugin-api, which depends
 * on nothing); this package is the only place that connects them to the gateway.
 * {@code LoadedPlugin} reads a plugin's annotations and finds the phases it overrides,
 * {@code ConfigSchemas} derives the Kong schema from its config record, {@code ConfigBinding} binds
 * validated config to the record, {@code SdkSnapshot} is what a plugin prepares from, and
 * {@code PluginRun} itself is every phase context (one object per request, no wrapper per call).
 * {@code SdkVersionCheck} refuses a third-party jar built against an incompatible SDK;
 * {@code PluginServices} is what the node offers at start (shared counters).
 */
@NullMarked
package io.gatehouse.proxy.plugins;

import org.jspecify.annotations.NullMarked;
