package io.gatehouse.plugins.cors;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configured {@code origins}, classified once when the config is bound (Kong's
 * {@code configure_origin}, reference plugins §10 "Origin algorithm").
 */
final class Origins {
  private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("^[A-Za-z0-9.:/-]+$");

  /** One entry other than {@code *}: a regex or a literal origin; {@code byHost} when it has no {@code :}. */
  record Entry(@Nullable Pattern regex, @Nullable String domain, boolean byHost) {}

  /** A request or configured origin split as Kong's {@code normalize_origin} does. */
  record Normalized(String domain, String host) {}

  /** No origins, or exactly {@code ["*"]}: every origin is allowed with {@code *}. */
  final boolean allowAll;
  /** Exactly one entry that is not a regex: sent as is, whatever the request's origin. */
  final @Nullable String single;
  final List<Entry> entries;
  /** A {@code *} among several entries: any request with an Origin gets {@code *} (Kong checks it before matching). */
  final boolean hasStar;

  Origins(@Nullable List<String> origins) {
    List<String> list = origins == null ? List.of() : origins;
    allowAll = list.isEmpty() || (list.size() == 1 && list.getFirst().equals("*"));
    single = list.size() == 1 && LITERAL.matcher(list.getFirst()).matches() ? list.getFirst() : null;
    List<Entry> out = new ArrayList<>();
    for (String e : list) {
      boolean byHost = e.indexOf(':') < 0;
      if (e.equals("*")) {
        continue;
      }
      if (!LITERAL.matcher(e).matches()) {
        out.add(new Entry(Pattern.compile(anchored(e)), null, byHost));
      } else {
        out.add(new Entry(null, normalize(e).domain(), byHost));
      }
    }
    entries = List.copyOf(out);
    hasStar = list.contains("*");
  }

  /**
   * Kong anchors user regexes: a trailing {@code $} is added when missing, a leading {@code ^} is
   * dropped, and the match must start at the beginning of the subject.
   */
  static String anchored(String regex) {
    String r = regex.endsWith("$") ? regex : regex + "$";
    if (r.startsWith("^")) {
      r = r.substring(1);
    }
    return "^(?:" + r + ")";
  }

  /**
   * {@code scheme://host[:port]} without the default port of {@code http}/{@code https}, and the
   * host alone; an origin without an authority ({@code foo.test}) is used verbatim for both.
   */
  static Normalized normalize(String origin) {
    int sep = origin.indexOf("//");
    if (sep < 0 || (sep > 0 && origin.charAt(sep - 1) != ':')) {
      return new Normalized(origin, origin);
    }
    String scheme = sep == 0 ? null : origin.substring(0, sep - 1);
    int end = sep + 2;
    while (end < origin.length() && "/?#".indexOf(origin.charAt(end)) < 0) {
      end++;
    }
    String authority = origin.substring(sep + 2, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String host = authority;
    String port = null;
    int close = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    if (colon > close) {
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      return new Normalized(origin, origin);
    }
    if (("http".equals(scheme) && "80".equals(port)) || ("https".equals(scheme) && "443".equals(port))) {
      port = null;
    }
    String domain = (scheme == null ? "" : scheme + "://") + host + (port == null || port.isEmpty() ? "" : ":" + port);
    return new Normalized(domain, host);
  }
}
