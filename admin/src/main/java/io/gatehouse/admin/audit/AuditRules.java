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
 * {@code audit_log_ignore_tables} (table names, as {@code dao_name}) leaves rows out of the
 * database audit ({@code /audit/objects}); the request record is kept.
 */
public record AuditRules(Set<String> ignoredMethods, List<Pattern> ignoredPaths, Set<String> ignoredTables) {
  /** Everything is audited. */
  public static final AuditRules NONE = new AuditRules(Set.of(), List.of(), Set.of());

  public AuditRules {
    ignoredMethods = Set.copyOf(ignoredMethods);
    ignoredPaths = List.copyOf(ignoredPaths);
    ignoredTables = Set.copyOf(ignoredTables);
  }

  /** These rules, also leaving the rows of these tables out of {@code /audit/objects} ({@code audit_log_ignore_tables}). */
  public AuditRules ignoringTables(List<String> tables) {
    return new AuditRules(ignoredMethods, ignoredPaths,
        tables.stream().map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet()));
  }

  /** Whether changes to this table's rows go unrecorded in {@code /audit/objects}. */
  public boolean ignoresTable(String table) {
    return ignoredTables.contains(table);
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
    return new AuditRules(m, p, Set.of());
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
