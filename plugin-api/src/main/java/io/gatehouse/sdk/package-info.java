/**
 * Gatehouse plugin SDK 1.0: everything a plugin author needs and nothing else. The module
 * depends on nothing but the JDK (no Netty, no Jackson, no gateway internals), so this package
 * can be read alone.
 *
 * <p>Start at {@link io.gatehouse.sdk.Plugin}: declare the plugin with
 * {@link io.gatehouse.sdk.PluginInfo}, its config as an annotated record (the Kong schema,
 * validation and defaults are derived from it), and override the phases it needs. Lifecycle:
 * {@code start(NodeServices)} once per node; {@code prepare} once per instance per configuration
 * snapshot (off the request path); then per request, in Kong's order, {@code rewrite} (global
 * instances), {@code access} (or {@code accessAsync}/{@code resume}), {@code headerFilter},
 * {@code bodyFilter} per chunk and {@code log}. Each phase gets a context exposing only what that
 * phase allows: {@link io.gatehouse.sdk.RewritePhase}, {@link io.gatehouse.sdk.AccessPhase},
 * {@link io.gatehouse.sdk.HeaderPhase}, {@link io.gatehouse.sdk.BodyPhase},
 * {@link io.gatehouse.sdk.LogPhase}. Phases run on the request's event loop: never block, and use
 * a context only during the call it was passed to. Bodies: {@link io.gatehouse.sdk.RequestBody}
 * and {@link io.gatehouse.sdk.Multipart}. The SPI version is {@link io.gatehouse.sdk.SdkVersion}.
 */
@NullMarked
package io.gatehouse.sdk;

import org.jspecify.annotations.NullMarked;
