package io.gatehouse.plugins.functions;

import io.gatehouse.plugins.functions.lua.LuaEngine;
import io.gatehouse.sdk.Validator;
import org.jspecify.annotations.Nullable;

/** Kong's {@code validate_function}: a snippet must compile; the message names the plugin. */
public final class LuaSyntax {
  private LuaSyntax() {}

  static @Nullable String check(String plugin, Object value) {
    String error = LuaEngine.syntaxError(value.toString());
    return error == null ? null : "error parsing " + plugin + ": " + error;
  }

  /** For pre-function's arrays. */
  public static final class Pre implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return LuaSyntax.check("pre-function", value);
    }
  }

  /** For post-function's arrays. */
  public static final class Post implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return LuaSyntax.check("post-function", value);
    }
  }
}
