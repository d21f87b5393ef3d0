package io.gatehouse.admin.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Which Admin API writes are not audited: Kong Enterprise's {@code audit_log_ignore_methods}
 * (method names, any case) and {@code audit_log_ignore_paths} (patterns searched anywhere in the
 * request path, as Kong's {@code ngx.re.find}: {@code /consumers} ignores {@code /consumers} and
 * {@code /consumers/x}; {@code ^/rbac/} only paths that start so). Patterns are Java regular
 * expressions, which agree with PCRE on the common subset (anchors, classes, {@code .*}, groups).
 */
public record AuditRules(Set<String> ignoredMethods, List<Pattern> ignoredPaths) {
  /** Everything is audited. */
  public static final AuditRules NONE = new AuditRules(Set.of(), List.of());

  public AuditRules {
    ignoredMethods = Set.copyOf(ignoredMethods);
    ignoredPaths = List.copyOf(ignoredPaths);
  }

  /**
   * @throws IllegalArgumentException naming the setting and the pattern that does not compile
   */
  public static AuditRules of(List<String> methods, List<String> paths) {
    Set<String> m = methods.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    List<Pattern> p = new ArrayList<>();
    for (String raw : paths) {
      String path = raw.trim();
      if (path.isEmpty()) continue;
      try {
        p.add(Pattern.compile(path));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("audit_log_ignore_paths: '" + path + "' is not a valid pattern: "
            + e.getDescription(), e);
      }
    }
    return new AuditRules(m, p);
  }

  /** Whether a write with this method to this path (without its query string) goes unrecorded. */
  public boolean ignores(String method, String path) {
    if (ignoredMethods.contains(method.toUpperCase(Locale.ROOT))) return true;
    for (Pattern p : ignoredPaths) {
      if (p.matcher(path).find()) return true;
    }
    return false;
  }
}
