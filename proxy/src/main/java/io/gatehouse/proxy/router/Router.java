package io.gatehouse.proxy.router;

import io.gatehouse.core.schema.PathNormalizer;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.model.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A compiled, immutable router. {@link #match} finds the route Kong's {@code traditional_compatible}
 * router would pick: the highest-priority route (§4.4) whose every configured field matches (§4.3).
 *
 * <p>Index: host → (exact map | {@code *.x} suffix map | {@code x.*} prefix map | any host), then
 * path prefix → entries sorted by rank. Regex paths sit under their literal prefix. A lookup probes
 * only the prefixes of the request path that exist in the bucket (a handful of distinct lengths),
 * so its cost does not grow with the number of routes; only entries that could beat the best hit
 * so far are tested.
 */
public final class Router {
  private static final Set<String> HTTP_PROTOCOLS = Set.of("http", "https", "grpc", "grpcs");

  private final RegionMap<Bucket> exactHosts;
  private final RegionMap<Bucket> suffixHosts;
  private final RegionMap<Bucket> prefixHosts;
  private final boolean hasSuffixHosts;
  private final boolean hasPrefixHosts;
  private final @Nullable Bucket anyHost;
  private final int size;
  private final ExpressionRoutes expressions;

  private Router(Map<String, Bucket> exact, Map<String, Bucket> suffix, Map<String, Bucket> prefix,
      @Nullable Bucket anyHost, int size, ExpressionRoutes expressions) {
    this.expressions = expressions;
    this.exactHosts = new RegionMap<>(exact);
    this.suffixHosts = new RegionMap<>(suffix);
    this.prefixHosts = new RegionMap<>(prefix);
    this.hasSuffixHosts = !suffix.isEmpty();
    this.hasPrefixHosts = !prefix.isEmpty();
    this.anyHost = anyHost;
    this.size = size;
  }

  /** The router with no routes: every lookup misses. */
  public static Router empty() {
    return compile(List.of(), Set.of());
  }

  /**
   * Compiles routes of the HTTP subsystem.
   *
   * @param routes validated routes
   * @param disabledServiceIds ids of services with {@code enabled=false}; their routes are left out
   * @throws IllegalArgumentException when a route cannot be compiled (e.g. an invalid regex)
   */
  public static Router compile(List<Route> routes, Set<String> disabledServiceIds) {
    List<Split> splits = new ArrayList<>();
    List<Route> withExpression = new ArrayList<>();
    for (Route r : routes) {
      if (r.protocols().stream().noneMatch(HTTP_PROTOCOLS::contains) && !r.protocols().isEmpty()) {
        continue;
      }
      if (r.serviceId() != null && disabledServiceIds.contains(r.serviceId())) {
        continue;
      }
      if (r.expression() != null) {
        withExpression.add(r); // router_flavor = expressions: see ExpressionRoutes
        continue;
      }
      try {
        split(r, splits);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "route " + r.id() + (r.name() == null ? "" : " (" + r.name() + ")") + " cannot be compiled: " + e.getMessage(), e);
      }
    }
    splits.sort(PRIORITY);
    for (int i = 0; i < splits.size(); i++) splits.get(i).matcher.rank = i;

    Map<String, Map<String, List<Entry>>> exact = new HashMap<>();
    Map<String, Map<String, List<Entry>>> suffix = new HashMap<>();
    Map<String, Map<String, List<Entry>>> prefix = new HashMap<>();
    Map<String, List<Entry>> any = new HashMap<>();
    for (Split s : splits) {
      List<String> hosts = s.matcher.route.hosts();
      if (hosts.isEmpty()) {
        s.addEntries(any, -1);
        continue;
      }
      for (String h : hosts) {
        HostSpec spec = HostSpec.parse(h);
        Map<String, Map<String, List<Entry>>> target =
            spec.kind == 'e' ? exact : spec.kind == 's' ? suffix : prefix;
        s.addEntries(target.computeIfAbsent(spec.key, k -> new HashMap<>()), spec.port);
      }
    }
    return new Router(buckets(exact), buckets(suffix), buckets(prefix),
        any.isEmpty() ? null : new Bucket(any), splits.size() + withExpression.size(),
        ExpressionRoutes.compile(withExpression));
  }

  private static Map<String, Bucket> buckets(Map<String, Map<String, List<Entry>>> in) {
    Map<String, Bucket> out = new HashMap<>();
    in.forEach((k, v) -> out.put(k, new Bucket(v)));
    return out;
  }

  /** Number of compiled matchers (routes after splitting, plus expression routes). */
  public int size() {
    return size;
  }

  /**
   * The best matching route, or null. Routes with an {@code expression} come first (Kong ranks
   * them above every traditional route). Allocates nothing unless a route matches or there are
   * expression routes.
   */
  public @Nullable RouteMatch match(RequestAttributes req) {
    if (!expressions.isEmpty()) {
      RouteMatch m = expressions.match(req);
      if (m != null) return m;
    }
    String host = req.host();
    String path = req.path();
    Entry best = null;
    int bestRank = Integer.MAX_VALUE;
    int hostLen = host.length();
    if (hostLen > 0) {
      Bucket b = exactHosts.get(host, 0, hostLen);
      if (b != null) {
        Entry e = b.scan(req, path, bestRank);
        if (e != null) {
          best = e;
          bestRank = e.matcher.rank;
        }
      }
      if (hasSuffixHosts || hasPrefixHosts) {
        for (int i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
          b = hasSuffixHosts ? suffixHosts.get(host, i, hostLen) : null;
          if (b != null) {
            Entry e = b.scan(req, path, bestRank);
            if (e != null) {
              best = e;
              bestRank = e.matcher.rank;
            }
          }
          b = hasPrefixHosts ? prefixHosts.get(host, 0, i + 1) : null;
          if (b != null) {
            Entry e = b.scan(req, path, bestRank);
            if (e != null) {
              best = e;
              bestRank = e.matcher.rank;
            }
          }
        }
      }
    }
    if (anyHost != null) {
      Entry e = anyHost.scan(req, path, bestRank);
      if (e != null) {
        best = e;
      }
    }
    return best == null ? null : best.result(path);
  }

  // ---------------------------------------------------------------- compilation helpers

  /** Kong §4.4, highest priority first; ties: larger id first. */
  private static final Comparator<Split> PRIORITY = Comparator
      .comparingInt((Split s) -> s.weight).reversed()
      .thenComparing(Comparator.comparing((Split s) -> s.plainHosts).reversed())
      .thenComparing(Comparator.comparingInt((Split s) -> s.headerCount).reversed())
      .thenComparing(Comparator.comparing((Split s) -> s.regex).reversed())
      .thenComparing(Comparator.comparingInt((Split s) -> s.regexPriority).reversed())
      .thenComparing(Comparator.comparingInt((Split s) -> s.prefixLength).reversed())
      .thenComparing(Comparator.comparing((Split s) -> s.matcher.route.id()).reversed());

  private static void split(Route r, List<Split> out) {
    String[] methods = r.methods().isEmpty() ? null : r.methods().toArray(String[]::new);
    String[] snis = r.snis().isEmpty() ? null
        : r.snis().stream().map(s -> s.endsWith(".") ? s.substring(0, s.length() - 1) : s).toArray(String[]::new);
    Matcher.HeaderCondition[] headers = headerConditions(r.headers());
    int weight = (methods == null ? 0 : 1) + (r.hosts().isEmpty() ? 0 : 1) + (headers.length == 0 ? 0 : 1)
        + (r.paths().isEmpty() ? 0 : 1) + (snis == null ? 0 : 1);
    boolean plainHosts = !r.hosts().isEmpty() && r.hosts().stream().noneMatch(h -> h.contains("*"));
    int headerCount = Math.min(255, headers.length);

    if (r.paths().isEmpty()) {
      out.add(new Split(new Matcher(r, methods, headers, snis), weight, plainHosts, headerCount, false, 0, 0,
          List.of(), List.of()));
      return;
    }
    List<String> regexes = new ArrayList<>();
    TreeMap<Integer, List<String>> prefixesByLength = new TreeMap<>();
    for (String p : r.paths()) {
      if (p.startsWith("~")) {
        regexes.add(p.substring(1));
      } else {
        String bytes = PathNormalizer.asBytes(p);
        prefixesByLength.computeIfAbsent(bytes.length(), k -> new ArrayList<>()).add(bytes);
      }
    }
    if (!regexes.isEmpty()) {
      out.add(new Split(new Matcher(r, methods, headers, snis), weight, plainHosts, headerCount, true,
          r.regexPriority(), 0, List.of(), regexes));
    }
    prefixesByLength.forEach((len, prefixes) -> out.add(new Split(new Matcher(r, methods, headers, snis),
        weight, plainHosts, headerCount, false, 0, len, prefixes, List.of())));
  }

  private static Matcher.HeaderCondition[] headerConditions(Map<String, List<String>> headers) {
    List<Matcher.HeaderCondition> out = new ArrayList<>();
    headers.forEach((name, values) -> {
      List<String> exact = new ArrayList<>();
      List<Pattern> regexes = new ArrayList<>();
      for (String v : values) {
        if (v.startsWith("~*")) {
          regexes.add(compileRegex(v.substring(2).toLowerCase(Locale.ROOT)));
        } else {
          exact.add(v);
        }
      }
      out.add(new Matcher.HeaderCondition(name.toLowerCase(Locale.ROOT), exact.toArray(String[]::new),
          regexes.toArray(Pattern[]::new)));
    });
    return out.toArray(Matcher.HeaderCondition[]::new);
  }

  static Pattern compileRegex(String regex) {
    try {
      // Kong accepts PCRE-style (?<name>…); RE2/J spells it (?P<name>…).
      return Pattern.compile(regex.replaceAll("\\(\\?<(?=[A-Za-z_])", "(?P<"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regex '" + regex + "': " + e.getMessage(), e);
    }
  }

  /**
   * The longest literal text every match of an anchored regex must start with (conservative: stops
   * at the first metacharacter, drops a char made optional by a following quantifier, and gives up
   * on alternation).
   */
  static String literalPrefix(String regex) {
    if (regex.indexOf('|') >= 0) {
      return "";
    }
    int i = 0;
    while (i < regex.length() && "\\.[](){}*+?|^$".indexOf(regex.charAt(i)) < 0) i++;
    if (i < regex.length() && i > 0 && "?*{".indexOf(regex.charAt(i)) >= 0) i--;
    return PathNormalizer.asBytes(regex.substring(0, i));
  }

  /** A route group competing at one priority (Kong splits routes with mixed paths). */
  private static final class Split {
    final Matcher matcher;
    final int weight;
    final boolean plainHosts;
    final int headerCount;
    final boolean regex;
    final int regexPriority;
    final int prefixLength;
    final List<String> prefixes;
    final List<Pattern> patterns;
    final List<String> regexSources;

    Split(Matcher matcher, int weight, boolean plainHosts, int headerCount, boolean regex, int regexPriority,
        int prefixLength, List<String> prefixes, List<String> regexes) {
      this.matcher = matcher;
      this.weight = weight;
      this.plainHosts = plainHosts;
      this.headerCount = headerCount;
      this.regex = regex;
      this.regexPriority = regexPriority;
      this.prefixLength = prefixLength;
      this.prefixes = prefixes;
      this.regexSources = regexes;
      this.patterns = regexes.stream().map(Router::compileRegex).toList();
    }

    void addEntries(Map<String, List<Entry>> byPrefix, int port) {
      if (!regex && prefixes.isEmpty()) {
        byPrefix.computeIfAbsent("", k -> new ArrayList<>()).add(new Entry(matcher, port, null, -1));
        return;
      }
      for (String p : prefixes) {
        byPrefix.computeIfAbsent(p, k -> new ArrayList<>()).add(new Entry(matcher, port, null, p.length()));
      }
      for (int i = 0; i < patterns.size(); i++) {
        byPrefix.computeIfAbsent(literalPrefix(regexSources.get(i)), k -> new ArrayList<>())
            .add(new Entry(matcher, port, patterns.get(i), 0));
      }
    }
  }

  /** A route host: exact ('e'), {@code *.x} suffix ('s') or {@code x.*} prefix ('p'), with optional port. */
  private record HostSpec(char kind, String key, int port) {
    static HostSpec parse(String raw) {
      String h = raw.toLowerCase(Locale.ROOT);
      int port = -1;
      int colon = h.lastIndexOf(':');
      if (colon > 0 && h.indexOf(']') < colon && (h.startsWith("[") || h.indexOf(':') == colon)) {
        port = Integer.parseInt(h.substring(colon + 1));
        h = h.substring(0, colon);
      }
      if (h.startsWith("*.")) return new HostSpec('s', h.substring(1), port);
      if (h.endsWith(".*")) return new HostSpec('p', h.substring(0, h.length() - 1), port);
      return new HostSpec('e', h, port);
    }
  }

  /** One (matcher, host port, path) combination under a host bucket and path prefix. */
  static final class Entry {
    final Matcher matcher;
    final int port;
    final @Nullable Pattern regex;
    final int prefixLength; // -1: the route has no paths

    Entry(Matcher matcher, int port, @Nullable Pattern regex, int prefixLength) {
      this.matcher = matcher;
      this.port = port;
      this.regex = regex;
      this.prefixLength = prefixLength;
    }

    boolean matches(RequestAttributes req, String path) {
      if (port >= 0 && port != req.port()) return false;
      if (regex != null && !regex.matcher(path).lookingAt()) return false;
      return matcher.matchesRest(req);
    }

    RouteMatch result(String path) {
      if (regex == null) {
        String prefix = prefixLength < 0 ? "/" : path.substring(0, prefixLength);
        return new RouteMatch(matcher.route, prefix, List.of(), Map.of());
      }
      com.google.re2j.Matcher m = regex.matcher(path);
      m.lookingAt();
      List<String> captures = new ArrayList<>(m.groupCount() + 1);
      for (int i = 0; i <= m.groupCount(); i++) {
        String g = m.group(i);
        captures.add(g == null ? "" : g);
      }
      Map<String, String> named = new LinkedHashMap<>();
      regex.namedGroups().forEach((name, idx) -> {
        String g = m.group(idx);
        if (g != null) named.put(name, g);
      });
      return new RouteMatch(matcher.route, m.group(), List.copyOf(captures), Map.copyOf(named));
    }
  }

  /** Path-prefix index of one host bucket. */
  private static final class Bucket {
    final RegionMap<Entry[]> byPrefix;
    final int[] lengths; // distinct prefix lengths present, ascending

    Bucket(Map<String, List<Entry>> in) {
      Map<String, Entry[]> sorted = new HashMap<>();
      in.forEach((k, v) -> {
        Entry[] arr = v.toArray(Entry[]::new);
        Arrays.sort(arr, Comparator.comparingInt(e -> e.matcher.rank));
        sorted.put(k, arr);
      });
      byPrefix = new RegionMap<>(sorted);
      lengths = sorted.keySet().stream().mapToInt(String::length).distinct().sorted().toArray();
    }

    /** The best entry ranked above {@code bestRank}, or null. */
    @Nullable Entry scan(RequestAttributes req, String path, int bestRank) {
      Entry found = null;
      int pathLen = path.length();
      int h = 0;
      int pos = 0;
      for (int len : lengths) {
        if (len > pathLen) break;
        while (pos < len) h = RegionMap.extend(h, path.charAt(pos++));
        Entry[] entries = byPrefix.get(path, 0, len, h);
        if (entries == null) continue;
        for (Entry e : entries) {
          if (e.matcher.rank >= bestRank) break;
          if (e.matches(req, path)) {
            found = e;
            bestRank = e.matcher.rank;
            break;
          }
        }
      }
      return found;
    }
  }
}
