package io.gatehouse.proxy.plugins;

import io.netty.util.AsciiString;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header names plugins pass as strings, as {@link AsciiString}s: Netty hashes and validates those
 * faster, and caches their hash. Plugins use a handful of fixed names (from code or config), so
 * the table stays small; past its bound names are passed through as they are.
 */
final class HeaderNames {
  private static final int MAX = 1024;
  private static final ConcurrentHashMap<String, AsciiString> NAMES = new ConcurrentHashMap<>();

  private HeaderNames() {}

  /** The same name, as an {@link AsciiString} when it is plain ASCII and the table has room. */
  static CharSequence of(String name) {
    AsciiString a = NAMES.get(name);
    if (a != null) {
      return a;
    }
    if (NAMES.size() >= MAX || !ascii(name)) {
      return name;
    }
    return NAMES.computeIfAbsent(name, AsciiString::cached);
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
