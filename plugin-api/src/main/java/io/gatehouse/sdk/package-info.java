/**
 * Gatehouse plugin SDK 1.0: everything a plugin author needs and nothing else (no Netty, no
 * Jackson, no gateway internals). Start at {@link io.gatehouse.sdk.Plugin}; declare the plugin with
 * {@link io.gatehouse.sdk.PluginInfo} and its config as an annotated record; the phases get
 * {@link io.gatehouse.sdk.RewritePhase}, {@link io.gatehouse.sdk.AccessPhase} and
 * {@link io.gatehouse.sdk.HeaderPhase}. The SPI version is {@link io.gatehouse.sdk.SdkVersion}.
 */
@NullMarked
package io.gatehouse.sdk;

import org.jspecify.annotations.NullMarked;
