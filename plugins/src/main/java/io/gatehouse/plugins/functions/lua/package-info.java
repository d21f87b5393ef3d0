/**
 * Kong's Lua snippets on LuaJ: compiling ({@link LuaEngine}), the {@code untrusted_lua} sandbox and
 * instruction budget ({@link LuaRuntime}), the Lua binding of the shared PDK ({@code KongApi} over
 * {@link io.gatehouse.plugins.functions.pdk.KongPdk}) and what only Lua has: {@code ngx.*},
 * {@code cjson}. Start at {@link LuaEngine}.
 */
@NullMarked
package io.gatehouse.plugins.functions.lua;

import org.jspecify.annotations.NullMarked;
