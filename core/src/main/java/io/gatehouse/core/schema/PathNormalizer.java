package io.gatehouse.core.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Kong's path normalization (reference §4.2) and the re-escaping applied before proxying (§4.5).
 *
 * <p>Paths are handled as Latin-1 strings holding one byte per char, so percent-decoded UTF-8
 * survives a round trip byte for byte. The common case (nothing to do) returns the input itself.
 */
public final class PathNormalizer {
  // Reserved characters whose percent-encodings Kong keeps (upper-cased) instead of decoding.
  private static final boolean[] KEEP_ENCODED = new boolean[256];
  // Bytes Kong leaves unescaped in the upstream path.
  private static final boolean[] UNESCAPED = new boolean[256];

  static {
    for (char c : "!*'();:@&=+$,/?%#[]".toCharArray()) {
      KEEP_ENCODED[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) UNESCAPED[c] = true;
    for (int c = 'A'; c <= 'Z'; c++) UNESCAPED[c] = true;
    for (int c = '0'; c <= '9'; c++) UNESCAPED[c] = true;
    for (char c : "-._~!#$&'()*+,/:;=?@[]%".toCharArray()) {
      UNESCAPED[c] = true;
    }
  }

  private PathNormalizer() {}

  /** Decodes unreserved percent-encodings, resolves dot segments and merges slashes. */
  public static String normalize(String raw) {
    if (raw.isEmpty()) {
      return "/";
    }
    if (isNormal(raw)) {
      return raw;
    }
    return resolveSegments(decode(raw));
  }

  private static boolean isNormal(String p) {
    if (p.charAt(0) != '/') {
      return false;
    }
    int n = p.length();
    for (int i = 0; i < n; i++) {
      char c = p.charAt(i);
      if (c == '%') {
        return false;
      }
      if (c == '/' && i + 1 < n) {
        char d = p.charAt(i + 1);
        if (d == '/' || (d == '.' && isDotSegment(p, i + 1))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isDotSegment(String p, int start) {
    int end = p.indexOf('/', start);
    int len = (end < 0 ? p.length() : end) - start;
    return len == 1 || (len == 2 && p.charAt(start + 1) == '.');
  }

  private static String decode(String p) {
    if (p.indexOf('%') < 0) {
      return p;
    }
    StringBuilder out = new StringBuilder(p.length());
    int n = p.length();
    for (int i = 0; i < n; i++) {
      char c = p.charAt(i);
      if (c == '%' && i + 2 < n) {
        int hi = hex(p.charAt(i + 1));
        int lo = hex(p.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          int b = (hi << 4) | lo;
          if (KEEP_ENCODED[b]) {
            out.append('%').append(Character.toUpperCase(p.charAt(i + 1))).append(Character.toUpperCase(p.charAt(i + 2)));
          } else {
            out.append((char) b);
          }
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  private static String resolveSegments(String p) {
    ArrayList<String> segments = new ArrayList<>();
    boolean trailingSlash = false;
    int n = p.length();
    int i = 0;
    while (i < n) {
      while (i < n && p.charAt(i) == '/') i++;
      if (i >= n) {
        trailingSlash = !segments.isEmpty() || trailingSlash;
        break;
      }
      int end = p.indexOf('/', i);
      if (end < 0) end = n;
      String seg = p.substring(i, end);
      if (seg.equals(".")) {
        trailingSlash = true;
      } else if (seg.equals("..")) {
        if (!segments.isEmpty()) segments.remove(segments.size() - 1);
        trailingSlash = true;
      } else {
        segments.add(seg);
        trailingSlash = false;
      }
      i = end;
    }
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(p.length());
    for (String s : segments) out.append('/').append(s);
    if (trailingSlash) out.append('/');
    return out.toString();
  }

  /** Percent-encodes every byte Kong would not send raw upstream (upper-case hex). */
  public static String escape(String normalized) {
    int n = normalized.length();
    int i = 0;
    while (i < n && normalized.charAt(i) < 256 && UNESCAPED[normalized.charAt(i)]) i++;
    if (i == n) {
      return normalized;
    }
    StringBuilder out = new StringBuilder(n + 16).append(normalized, 0, i);
    for (; i < n; i++) {
      char c = normalized.charAt(i);
      if (c < 256 && UNESCAPED[c]) {
        out.append(c);
      } else {
        int b = c & 0xFF;
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out.toString();
  }

  /** Converts a route path as configured (UTF-8 text) to the one-byte-per-char form used here. */
  public static String asBytes(String configured) {
    for (int i = 0; i < configured.length(); i++) {
      if (configured.charAt(i) >= 0x80) {
        return new String(configured.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return configured;
  }
}
