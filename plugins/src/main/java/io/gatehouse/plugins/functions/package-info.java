/**
 * Kong's {@code pre-function} and {@code post-function} plugins (Serverless Functions): arrays of
 * snippets per phase, in Lua (Kong's, run by {@link io.gatehouse.plugins.functions.lua.LuaEngine})
 * or, beyond Kong, JavaScript ({@link io.gatehouse.plugins.functions.js.JsEngine}), both over the
 * PDK of {@link io.gatehouse.plugins.functions.pdk}.
 */
@NullMarked
package io.gatehouse.plugins.functions;

import org.jspecify.annotations.NullMarked;
