package io.gatehouse.proxy.plugins;

import io.gatehouse.net.FormCodec;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A raw query string read the way nginx's args are: {@code &}-separated, percent- and
 * {@code +}-decoded (by the project's one codec, {@link FormCodec}).
 */
final class QueryString {
  private QueryString() {}

  /** Sees one argument: its raw bounds in the query, and where its value starts (-1 for none). */
  private interface ArgVisitor {
    void visit(int start, int end, int valueStart, String decodedName);
  }

  private static void forEach(String raw, ArgVisitor v) {
    FormCodec.forEachPair(raw, (start, end, valueStart) ->
        v.visit(start, end, valueStart, decode(raw, start, valueStart < 0 ? end : valueStart - 1)));
  }

  /** Decoded values of one argument, in order; {@code ?a} gives {@code ""}. */
  static List<String> values(@Nullable String raw, String name) {
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(1);
    forEach(raw, (start, end, valueStart, n) -> {
      if (n.equals(name)) {
        out.add(valueStart < 0 ? "" : decode(raw, valueStart, end));
      }
    });
    return out;
  }

  /** The raw query without any argument whose decoded name is {@code name}; null when nothing is left. */
  static @Nullable String without(@Nullable String raw, String name) {
    if (raw == null) {
      return null;
    }
    StringBuilder kept = new StringBuilder(raw.length());
    forEach(raw, (start, end, valueStart, n) -> {
      if (!n.equals(name)) {
        kept.append(kept.isEmpty() ? "" : "&").append(raw, start, end);
      }
    });
    return kept.isEmpty() ? null : kept.toString();
  }

  private static String decode(String raw, int from, int to) {
    return FormCodec.decode(raw, from, to, FormCodec.Malformed.KEEP); // a broken escape stays as sent, like nginx
  }
}
