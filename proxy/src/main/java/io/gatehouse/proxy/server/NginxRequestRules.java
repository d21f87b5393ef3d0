package io.gatehouse.proxy.server;

/**
 * The checks nginx makes on a request line and Host before any of Kong's Lua runs; a request that
 * fails one gets nginx's 400 page. Pure and allocation-free: they run on every request.
 *
 * <ul>
 *   <li>method: upper-case letters, {@code _} and {@code -} only ({@code ngx_http_parse_request_line});
 *   <li>Host: no whitespace, control character or {@code /}, no empty label run ({@code ..}), not
 *       empty ({@code ngx_http_validate_host});
 *   <li>path: every {@code %} starts two hex digits and none decodes to NUL, and dot segments —
 *       with {@code %2e} as a dot and {@code %2f} as a slash, as nginx decodes them for {@code $uri} —
 *       never climb above the root ({@code ngx_http_parse_complex_uri}).
 * </ul>
 *
 * <p>Kong then routes on its own normalization (which keeps {@code %2F} encoded), so {@code /a/b/..%2fc}
 * passes here and reaches the router as {@code /a/b/..%2Fc}.
 */
final class NginxRequestRules {
  private NginxRequestRules() {}

  static boolean validMethod(String method) {
    int n = method.length();
    if (n == 0) return false;
    for (int i = 0; i < n; i++) {
      char c = method.charAt(i);
      if ((c < 'A' || c > 'Z') && c != '_' && c != '-') return false;
    }
    return true;
  }

  /** A Host value (name and optional port), already trimmed of surrounding whitespace by the decoder. */
  static boolean validHost(String host) {
    int n = host.length();
    if (n == 0) return false;
    int lastDot = -2;
    for (int i = 0; i < n; i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (lastDot == i - 1) return false; // ".." (a leading dot passes, as in nginx)
        lastDot = i;
      } else if (c <= 0x20 || c == 0x7F || c == '/') {
        return false;
      }
    }
    return true;
  }

  /** The path part of the request target (before any {@code ?}), starting with {@code /}. */
  static boolean validPath(String path) {
    int depth = 0; // segments kept so far
    int segLen = 0;
    int dots = 0;
    int n = path.length();
    for (int i = 0; i < n; i++) {
      int c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= n) return false;
        int hi = hex(path.charAt(i + 1));
        int lo = hex(path.charAt(i + 2));
        if (hi < 0 || lo < 0) return false;
        c = (hi << 4) | lo;
        if (c == 0) return false;
        i += 2;
      }
      if (c == '/') {
        depth = endSegment(depth, segLen, dots);
        if (depth < 0) return false;
        segLen = 0;
        dots = 0;
      } else {
        segLen++;
        if (c == '.') dots++;
      }
    }
    return endSegment(depth, segLen, dots) >= 0;
  }

  /** The depth after a segment: "" and "." keep it, ".." pops (below the root: -1), anything else adds one. */
  private static int endSegment(int depth, int segLen, int dots) {
    if (segLen == 0 || (segLen == 1 && dots == 1)) return depth;
    if (segLen == 2 && dots == 2) return depth - 1;
    return depth + 1;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
}
