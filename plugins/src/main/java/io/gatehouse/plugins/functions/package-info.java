/**
 * Kong's {@code pre-function} and {@code post-function} plugins (Serverless Functions): arrays of
 * Lua snippets per phase, run by {@link io.gatehouse.plugins.functions.lua.LuaEngine}.
 */
@NullMarked
package io.gatehouse.plugins.functions;

import org.jspecify.annotations.NullMarked;
