package io.gatehouse.proxy.router;

import com.google.re2j.Pattern;
import io.gatehouse.core.model.Route;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One split route (Kong §4.4 "route splitting"): the route's non-path conditions plus its global
 * rank (0 = highest priority). Path and host conditions live in the index entries that point here.
 */
final class Matcher {
  final Route route;
  final @Nullable String[] methods;
  final HeaderCondition[] headers;
  final @Nullable String[] snis;
  int rank;

  Matcher(Route route, @Nullable String[] methods, HeaderCondition[] headers, @Nullable String[] snis) {
    this.route = route;
    this.methods = methods;
    this.headers = headers;
    this.snis = snis;
  }

  boolean matchesRest(RequestAttributes req) {
    if (methods != null && !contains(methods, req.method())) {
      return false;
    }
    for (HeaderCondition h : headers) {
      if (!h.matches(req.headerValues(h.name))) return false;
    }
    if (snis != null) {
      String sni = req.sni();
      // Kong ignores the SNI condition for plain-text requests.
      if (sni != null && !sniMatches(sni)) return false;
    }
    return true;
  }

  private static boolean contains(String[] values, String v) {
    for (String s : values) {
      if (s.equals(v)) return true;
    }
    return false;
  }

  private boolean sniMatches(String sni) {
    for (String pattern : snis) {
      if (pattern.startsWith("*.")) {
        if (sni.endsWith(pattern.substring(1))) return true;
      } else if (pattern.endsWith(".*")) {
        if (sni.startsWith(pattern.substring(0, pattern.length() - 1))) return true;
      } else if (pattern.equalsIgnoreCase(sni)) {
        return true;
      }
    }
    return false;
  }

  /** A header condition: any request value equals a configured value or matches a {@code ~*} regex. */
  static final class HeaderCondition {
    final String name;
    final String[] exact;
    final Pattern[] regexes;

    HeaderCondition(String name, String[] exact, Pattern[] regexes) {
      this.name = name;
      this.exact = exact;
      this.regexes = regexes;
    }

    boolean matches(List<String> values) {
      for (int i = 0, n = values.size(); i < n; i++) {
        String v = values.get(i);
        for (String e : exact) {
          if (e.equalsIgnoreCase(v)) return true;
        }
        if (regexes.length > 0) {
          String lower = v.toLowerCase(java.util.Locale.ROOT);
          for (Pattern p : regexes) {
            if (p.matcher(lower).find()) return true;
          }
        }
      }
      return false;
    }
  }
}
