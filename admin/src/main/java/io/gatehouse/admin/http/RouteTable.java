package io.gatehouse.admin.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Path templates ({@code /services/{services}/routes}) with a handler per method. A template with
 * more literal segments wins over one with captures ({@code /plugins/enabled} over
 * {@code /plugins/{plugins}}); a known path with an unknown method is a 405. A last segment
 * {@code {name*}} captures one or more remaining segments (Kong's splat, for RBAC endpoint paths).
 */
public final class RouteTable {
  private final Map<String, Map<String, Handler>> byTemplate = new LinkedHashMap<>();
  private WorkspaceRef.Resolver workspaces = WorkspaceRef.Resolver.DEFAULT_ONLY;
  private final List<java.util.function.Predicate<String>> workspaceScoped = new ArrayList<>();

  /**
   * Where {@code /{workspace}/…} prefixes are looked up (only {@code default} until set), and which
   * templates honour them (added to those of {@link #scopeInWorkspaces}).
   */
  public RouteTable workspaces(WorkspaceRef.Resolver resolver, java.util.function.Predicate<String> scoped) {
    this.workspaces = java.util.Objects.requireNonNull(resolver, "resolver");
    return scopeInWorkspaces(scoped);
  }

  /** Marks templates whose handlers honour a workspace other than the default one. */
  public RouteTable scopeInWorkspaces(java.util.function.Predicate<String> scoped) {
    workspaceScoped.add(java.util.Objects.requireNonNull(scoped, "scoped"));
    return this;
  }

  /** Whether a template's handler honours a workspace other than the default one. */
  public boolean workspaceScoped(String template) {
    return workspaceScoped.stream().anyMatch(p -> p.test(template));
  }

  /**
   * Matches {@code path} as Kong Enterprise does: a path whose first segment is a literal of some
   * template is served as is (default workspace); otherwise a first segment naming a workspace is
   * that workspace's prefix. Null when nothing matches or the workspace is unknown.
   */
  public @org.jspecify.annotations.Nullable Scoped matchScoped(String path) {
    Match plain = match(path);
    if (plain != null && !plain.template().startsWith("/{")) {
      return new Scoped(WorkspaceRef.DEFAULT, path, plain);
    }
    String[] parts = split(path);
    if (parts.length >= 2) {
      var ws = workspaces.find(parts[0]);
      String rest = path.substring(path.indexOf('/', 1));
      Match inner = ws.isPresent() ? match(rest) : null;
      if (inner != null) {
        return new Scoped(ws.get(), rest, inner);
      }
    }
    return plain == null ? null : new Scoped(WorkspaceRef.DEFAULT, path, plain);
  }

  /** A match within a workspace: {@code path} is the request path without the workspace prefix. */
  public record Scoped(WorkspaceRef workspace, String path, Match match) {}

  public RouteTable add(String template, String method, Handler handler) {
    byTemplate.computeIfAbsent(template, t -> new LinkedHashMap<>()).put(method, handler);
    return this;
  }

  /** Removes a template (Kong disables some generated endpoints, e.g. {@code /targets}). */
  public void remove(String template) {
    byTemplate.remove(template);
  }

  /** Lets {@code f} swap handlers: it sees each template and method and returns a replacement or the same handler. */
  public void replaceEach(Replacer f) {
    byTemplate.forEach((template, methods) -> methods.replaceAll((method, h) -> f.replace(template, method, h)));
  }

  /** A handler swap for {@link #replaceEach}. */
  @FunctionalInterface
  public interface Replacer {
    Handler replace(String template, String method, Handler handler);
  }

  public boolean has(String template) {
    return byTemplate.containsKey(template);
  }

  /** All templates, sorted, as {@code GET /endpoints} lists them. */
  public List<String> templates() {
    return new ArrayList<>(new TreeSet<>(byTemplate.keySet()));
  }

  /** The result of matching a path. */
  public record Match(String template, Map<String, Handler> methods, Map<String, String> params) {}

  public Match match(String path) {
    String[] parts = split(path);
    Match best = null;
    int bestLiterals = -1;
    for (Map.Entry<String, Map<String, Handler>> e : byTemplate.entrySet()) {
      String[] tpl = split(e.getKey());
      boolean rest = tpl.length > 0 && tpl[tpl.length - 1].endsWith("*}");
      if (rest ? parts.length < tpl.length : tpl.length != parts.length) {
        continue;
      }
      Map<String, String> params = new HashMap<>();
      int literals = 0;
      boolean ok = true;
      for (int i = 0; i < tpl.length && ok; i++) {
        if (rest && i == tpl.length - 1) { // {name*}: the remaining segments, joined by '/'
          params.put(tpl[i].substring(1, tpl[i].length() - 2),
              String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
        } else if (tpl[i].startsWith("{") && tpl[i].endsWith("}")) {
          params.put(tpl[i].substring(1, tpl[i].length() - 1), parts[i]);
        } else if (tpl[i].equals(parts[i])) {
          literals += (tpl.length - i); // earlier literal segments weigh more
        } else {
          ok = false;
        }
      }
      if (ok && literals > bestLiterals) {
        best = new Match(e.getKey(), e.getValue(), params);
        bestLiterals = literals;
      }
    }
    return best;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
