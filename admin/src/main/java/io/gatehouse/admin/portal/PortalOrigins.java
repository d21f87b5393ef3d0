package io.gatehouse.admin.portal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where browsers load a portal's pages from, which the developers' API (with credentials) and the
 * proxy's {@code cors} plugins the portal writes (for try-it) must allow. Kong Enterprise's
 * {@code build_ws_portal_cors_origins}: a workspace's {@code config.portal_cors_origins} when it
 * lists any, else the node's {@code portal_cors_origins}, else {@code portal_gui_protocol://portal_gui_host}.
 * Gatehouse adds the origins of its own {@code portal_gui_listen} listeners after those, so the
 * pages it serves work at their own address whatever the public name is.
 */
public final class PortalOrigins {
  private final List<String> nodeCorsOrigins;
  private final String guiOrigin;
  private final Supplier<List<String>> listenerOrigins;
  private final Function<String, List<String>> workspaceCorsOrigins;

  /**
   * @param nodeCorsOrigins {@code portal_cors_origins} (empty: unset)
   * @param guiOrigin {@code portal_gui_protocol://portal_gui_host}
   * @param listenerOrigins the origins of the bound {@code portal_gui_listen} listeners
   * @param workspaceCorsOrigins a workspace's {@code config.portal_cors_origins} by workspace id (empty: none)
   */
  public PortalOrigins(List<String> nodeCorsOrigins, String guiOrigin, Supplier<List<String>> listenerOrigins,
      Function<String, List<String>> workspaceCorsOrigins) {
    this.nodeCorsOrigins = List.copyOf(Objects.requireNonNull(nodeCorsOrigins, "nodeCorsOrigins"));
    this.guiOrigin = Objects.requireNonNull(guiOrigin, "guiOrigin");
    this.listenerOrigins = Objects.requireNonNull(listenerOrigins, "listenerOrigins");
    this.workspaceCorsOrigins = Objects.requireNonNull(workspaceCorsOrigins, "workspaceCorsOrigins");
  }

  /** Only the listeners' origins (no public name configured): what the portal allowed before these settings. */
  public static PortalOrigins listenersOnly(Supplier<List<String>> listenerOrigins) {
    return new PortalOrigins(List.of(), "", listenerOrigins, id -> List.of());
  }

  /**
   * The configured origins of a workspace's portal, as Kong Enterprise computes them; the derived
   * one is a literal origin, the configured ones are as written (cors entries: literal or regex, or {@code *}).
   */
  public List<String> configured(String wsId) {
    List<String> own = workspaceCorsOrigins.apply(wsId);
    if (!own.isEmpty()) return own;
    if (!nodeCorsOrigins.isEmpty()) return nodeCorsOrigins;
    return guiOrigin.isEmpty() ? List.of() : List.of(guiOrigin);
  }

  /** For the developers' API: the configured origins, then the listeners' (only http(s) origins count there). */
  public List<String> forBrowsers(String wsId) {
    LinkedHashSet<String> all = new LinkedHashSet<>(configured(wsId));
    all.addAll(listenerOrigins.get());
    return List.copyOf(all);
  }

  /**
   * For the proxy's {@code cors} plugins (which read an entry as a regex when it has regex
   * characters): configured entries as written, the derived and the listeners' origins with IPv6
   * brackets escaped; just {@code *} when a configured entry is {@code *}.
   */
  List<String> forCors(String wsId) {
    List<String> configured = configured(wsId);
    if (configured.contains("*")) return List.of("*");
    boolean derived = configured.size() == 1 && configured.getFirst().equals(guiOrigin);
    LinkedHashSet<String> all = new LinkedHashSet<>();
    configured.forEach(o -> all.add(derived ? literal(o) : o));
    listenerOrigins.get().forEach(o -> all.add(literal(o)));
    return new ArrayList<>(all);
  }

  private static String literal(String origin) {
    return origin.replace("[", "\\[").replace("]", "\\]");
  }
}
