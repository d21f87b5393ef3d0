package io.gatehouse.plugins.functions.pdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one PDK call, read in the calling language's terms (index 0 is the first). Each
 * binding implements it over its own values, so the PDK functions are written once: Lua's checks
 * keep LuaJ's messages ({@code bad argument #1 …}), numbers and strings coerce as the language does.
 */
public interface Args {
  int size();

  /** Absent, Lua's nil, JavaScript's null or undefined. */
  boolean isNil(int i);

  /** A Lua table, a JavaScript object or array. */
  boolean isTable(int i);

  /** Fails as the language's own check does ({@code table expected}) unless it is a table. */
  void requireTable(int i);

  /** A string (numbers coerce); anything else is an error naming the argument. */
  String string(int i);

  int integer(int i);

  /** A string's bytes: Lua strings as they are, JavaScript strings in UTF-8. */
  byte[] bytes(int i);

  /**
   * The value as plain Java: {@code String}, {@code Long}/{@code Double}, {@code Boolean},
   * {@code Map<String, Object>}, {@code List<Object>} or null (nil, and JSON null inside tables).
   */
  @Nullable Object value(int i);

  /** The value as the language's JSON encoder writes it (lua-cjson's rules for Lua). */
  String json(int i);

  /** Header values: each element of an array, else the value itself as text. */
  List<String> strings(int i);

  /** The value as the language prints it ({@code tostring}); nil prints {@code nil}. */
  String display(int i);
}
