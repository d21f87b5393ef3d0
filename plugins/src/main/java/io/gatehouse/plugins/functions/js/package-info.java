/**
 * JavaScript snippets (beyond Kong) on GraalJS: parsing once per snapshot ({@link
 * io.gatehouse.plugins.functions.js.JsEngine}), a sandboxed context per event-loop thread with the
 * shared PDK bound as {@code kong} ({@code JsRuntime}, {@code pdk.js}), statement and time limits.
 * Start at {@link io.gatehouse.plugins.functions.js.JsEngine}.
 */
@NullMarked
package io.gatehouse.plugins.functions.js;

import org.jspecify.annotations.NullMarked;
