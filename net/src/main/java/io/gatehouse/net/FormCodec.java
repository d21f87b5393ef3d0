package io.gatehouse.net;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code application/x-www-form-urlencoded} text — form bodies and query strings — read the way
 * nginx reads args: pairs separated by {@code &} (never {@code ;}), empty pairs skipped, the name
 * up to the first {@code =}, {@code +} as a space, {@code %XX} as a byte, the bytes as UTF-8 (an
 * invalid sequence becomes U+FFFD).
 */
public final class FormCodec {
  private FormCodec() {}

  /** What decoding does with a {@code %} that is not followed by two hex digits. */
  public enum Malformed {
    /** Keep it as sent, as nginx's {@code ngx_unescape_uri} does. */
    KEEP,
    /** Refuse the text with an {@link IllegalArgumentException} (e.g. an API answering 400). */
    REJECT
  }

  /** Sees one pair by its bounds in the raw text; {@code valueStart} is -1 when it has no {@code =}. */
  @FunctionalInterface
  public interface PairVisitor {
    void visit(int start, int end, int valueStart);
  }

  /** Visits each non-empty {@code &}-separated pair of {@code raw}, in order. */
  public static void forEachPair(String raw, PairVisitor visitor) {
    Objects.requireNonNull(raw, "raw");
    int start = 0;
    int length = raw.length();
    while (start < length) {
      int amp = raw.indexOf('&', start);
      int end = amp < 0 ? length : amp;
      if (end > start) {
        int eq = raw.indexOf('=', start);
        visitor.visit(start, end, eq >= 0 && eq < end ? eq + 1 : -1);
      }
      start = end + 1;
    }
  }

  /**
   * Pairs by decoded name, each with its decoded values in order; a pair without {@code =} has the
   * value {@code ""}. Malformed escapes are kept.
   */
  public static LinkedHashMap<String, List<String>> parse(String encoded) {
    LinkedHashMap<String, List<String>> args = new LinkedHashMap<>();
    forEachPair(encoded, (start, end, valueStart) -> {
      String name = decode(encoded, start, valueStart < 0 ? end : valueStart - 1, Malformed.KEEP);
      String value = valueStart < 0 ? "" : decode(encoded, valueStart, end, Malformed.KEEP);
      args.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    });
    return args;
  }

  /** {@code name=value} pairs joined by {@code &}, each side encoded by {@link #encodeComponent}. */
  public static String encode(Map<String, ? extends List<String>> args) {
    StringBuilder sb = new StringBuilder();
    args.forEach((name, values) -> {
      for (String v : values) {
        if (!sb.isEmpty()) {
          sb.append('&');
        }
        sb.append(encodeComponent(name)).append('=').append(encodeComponent(v));
      }
    });
    return sb.toString();
  }

  /** UTF-8 percent-encoding with a space as {@code +} (what HTML forms send). */
  public static String encodeComponent(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Decodes a whole component, keeping malformed escapes. */
  public static String decode(String s) {
    return decode(s, 0, s.length(), Malformed.KEEP);
  }

  /** Decodes a whole component. */
  public static String decode(String s, Malformed malformed) {
    return decode(s, 0, s.length(), malformed);
  }

  /** Decodes {@code s[from, to)}. */
  public static String decode(String s, int from, int to, Malformed malformed) {
    Objects.requireNonNull(s, "s");
    Objects.checkFromToIndex(from, to, s.length());
    int first = from;
    while (first < to && s.charAt(first) != '%' && s.charAt(first) != '+') {
      first++;
    }
    if (first == to) {
      return s.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    out.append(s, from, first);
    byte[] bytes = null; // a run of %XX escapes, decoded together so multi-byte UTF-8 survives
    int n = 0;
    int i = first;
    while (i < to) {
      char c = s.charAt(i);
      int hi = -1;
      int lo = -1;
      if (c == '%' && i + 2 < to) {
        hi = hex(s.charAt(i + 1));
        lo = hex(s.charAt(i + 2));
      }
      if (hi >= 0 && lo >= 0) {
        if (bytes == null) {
          bytes = new byte[(to - i) / 3 + 1];
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 3;
        continue;
      }
      if (n > 0) {
        out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
        n = 0;
      }
      if (c == '%' && malformed == Malformed.REJECT) {
        throw new IllegalArgumentException("malformed percent-escape at index " + (i - from));
      }
      out.append(c == '+' ? ' ' : c);
      i++;
    }
    if (n > 0) {
      out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** The value of an ASCII hex digit, or -1. */
  private static int hex(char c) {
    return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
  }
}
