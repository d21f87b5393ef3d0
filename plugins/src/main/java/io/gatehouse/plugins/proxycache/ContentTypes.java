package io.gatehouse.plugins.proxycache;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kong's content_type match: type and subtype equal (a configured {@code *} matches anything) and
 * the parameter sets identical, so {@code application/json; charset=utf-8} does not match
 * {@code application/json}.
 */
final class ContentTypes {
  private ContentTypes() {}

  static boolean matches(String actual, List<String> configured) {
    Media a = Media.parse(actual);
    for (String c : configured) {
      Media m = Media.parse(c);
      if ((m.type.equals("*") || m.type.equals(a.type)) && (m.subtype.equals("*") || m.subtype.equals(a.subtype))
          && m.params.equals(a.params)) {
        return true;
      }
    }
    return false;
  }

  private record Media(String type, String subtype, Set<String> params) {
    static Media parse(String s) {
      String[] parts = s.split(";");
      String[] ts = parts[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
      Set<String> params = new TreeSet<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (!p.isEmpty()) {
          params.add(p);
        }
      }
      return new Media(ts[0], ts.length > 1 ? ts[1] : "", params);
    }
  }
}
