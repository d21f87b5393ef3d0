/**
 * The plugin runtime: loading plugins ({@link io.gatehouse.proxy.plugins.LoadedPlugins}), compiling
 * each snapshot's plugin instances into per-route chains with Kong's scope precedence
 * ({@link io.gatehouse.proxy.plugins.PluginChains}), and running the phases of one request
 * ({@link io.gatehouse.proxy.plugins.PluginRun}). Start at {@code PluginRun} for the request path.
 *
 * <p>Plugins on the SDK 1.0 ({@code io.gatehouse.sdk}) run through {@code SdkPlugin}, an adapter
 * to the older {@code io.gatehouse.plugin} interface the runtime still speaks: {@code ConfigSchemas}
 * derives the Kong schema from the config record, {@code SdkContexts} wraps the phase contexts,
 * {@code SdkVersionCheck} refuses a third-party jar built against an incompatible SDK. Both APIs
 * load side by side until every bundled plugin is ported ({@code docs/plugin-migration.md}).
 */
@NullMarked
package io.gatehouse.proxy.plugins;

import org.jspecify.annotations.NullMarked;
