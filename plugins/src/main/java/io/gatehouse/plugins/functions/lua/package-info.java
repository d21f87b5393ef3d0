/**
 * Kong's Lua snippets on LuaJ: compiling ({@link LuaEngine}), the {@code untrusted_lua} sandbox and
 * instruction budget ({@link LuaRuntime}), and the PDK shim ({@code kong.*}, {@code ngx.*},
 * {@code cjson}) that snippets call. Start at {@link LuaEngine}.
 */
@NullMarked
package io.gatehouse.plugins.functions.lua;

import org.jspecify.annotations.NullMarked;
