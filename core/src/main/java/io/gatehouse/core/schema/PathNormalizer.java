package io.gatehouse.core.schema;

/**
 * Kong's URI normalization ({@code kong/tools/uri.lua}): percent-encoded unreserved characters are
 * decoded, escapes of reserved characters are kept but upper-cased, dot segments are resolved and
 * runs of {@code /} merged. Used to validate route paths and to match request paths.
 */
public final class PathNormalizer {
  private static final String RESERVED = "!*'();:@&=+$,/?%#[]";

  private PathNormalizer() {}

  /** The normalized form of an absolute path (query string already removed). */
  public static String normalize(String path) {
    String decoded = decodeUnreserved(path);
    return removeDotSegments(mergeSlashes(decoded));
  }

  /** Decodes every %XX except reserved characters, whose escapes become upper-case. */
  public static String decodeUnreserved(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
        int v = Integer.parseInt(path.substring(i + 1, i + 3), 16);
        if (RESERVED.indexOf(v) >= 0) {
          out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
        } else {
          out.append((char) v);
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String mergeSlashes(String path) {
    if (!path.contains("//")) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!(c == '/' && prev == '/')) {
        out.append(c);
      }
      prev = c;
    }
    return out.toString();
  }

  /** RFC 3986 §5.2.4 remove_dot_segments. */
  static String removeDotSegments(String input) {
    if (!input.contains(".")) {
      return input;
    }
    StringBuilder in = new StringBuilder(input);
    StringBuilder out = new StringBuilder();
    while (in.length() > 0) {
      String s = in.toString();
      if (s.startsWith("../")) {
        in.delete(0, 3);
      } else if (s.startsWith("./")) {
        in.delete(0, 2);
      } else if (s.startsWith("/./")) {
        in.delete(0, 2);
      } else if (s.equals("/.")) {
        in.replace(0, 2, "/");
      } else if (s.startsWith("/../")) {
        in.delete(0, 3);
        removeLastSegment(out);
      } else if (s.equals("/..")) {
        in.replace(0, 3, "/");
        removeLastSegment(out);
      } else if (s.equals(".") || s.equals("..")) {
        in.setLength(0);
      } else {
        int start = s.charAt(0) == '/' ? 1 : 0;
        int next = s.indexOf('/', start);
        int end = next < 0 ? s.length() : next;
        out.append(s, 0, end);
        in.delete(0, end);
      }
    }
    return out.toString();
  }

  private static void removeLastSegment(StringBuilder out) {
    int last = out.lastIndexOf("/");
    out.setLength(Math.max(last, 0));
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
