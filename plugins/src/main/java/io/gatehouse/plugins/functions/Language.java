package io.gatehouse.plugins.functions;

import io.gatehouse.plugins.functions.js.JsEngine;
import io.gatehouse.plugins.functions.lua.LuaEngine;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The language of a pre-function/post-function's snippets, from its {@code language} field (beyond
 * Kong; absent in Kong's configs, so they stay Lua).
 */
enum Language {
  LUA,
  JAVASCRIPT;

  static Language of(String field) {
    return valueOf(field.toUpperCase(Locale.ROOT));
  }

  /** The compile error of a snippet (without the plugin's prefix), or null when it compiles. */
  @Nullable String syntaxError(String source) {
    return this == LUA ? LuaEngine.syntaxError(source) : JsEngine.syntaxError(source);
  }
}
