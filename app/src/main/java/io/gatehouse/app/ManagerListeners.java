package io.gatehouse.app;

import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.manager.ManagerConfig;
import io.gatehouse.manager.ManagerServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts the Manager on each {@code admin_gui_listen} entry, before the Admin API: the UI's own origins
 * join the origins the Admin API's CORS grants (Kong's {@code admin_gui_url} does the same for a UI
 * served elsewhere). {@link #adminStarted} then tells {@code kconfig.js} the Admin API's ports.
 */
final class ManagerListeners {
  private volatile @Nullable Integer apiPort;
  private volatile @Nullable Integer apiSslPort;
  private final List<String> origins = new ArrayList<>();

  /** Starts the listeners (none when {@code admin_gui_listen = off}). */
  static ManagerListeners start(Node node, Settings settings) {
    ManagerListeners m = new ManagerListeners();
    List<Listener> listen = settings.listeners("admin_gui_listen");
    var tls = GatehouseWiring.listenerTls(settings, listen, "admin_gui_");
    String path = settings.string("admin_gui_path", "/");
    String apiUrl = settings.string("admin_gui_api_url");
    boolean reports = !Boolean.FALSE.equals(settings.bool("anonymous_reports"));
    String rbac = settings.string("enforce_rbac", "off");
    String rbacHeader = settings.string("admin_gui_auth_header", "Kong-Admin-Token");
    String guiAuth = settings.string("admin_gui_auth", "");
    for (Listener l : listen) {
      ManagerServer server = node.add("manager " + l.authority(), GatehouseWiring.listening("admin_gui_listen", List.of(l),
          () -> ManagerServer.start(l.host(), l.port(), path,
              () -> new ManagerConfig(path, apiUrl, m.apiPort, m.apiSslPort, reports, rbac, rbacHeader, guiAuth), l.ssl() ? tls : null)));
      m.origins.addAll(originsOf(l.ssl() ? "https" : "http", l.host(), server.address()));
    }
    return m;
  }

  /** The browser origins of a bound listener: a wildcard address is reached as localhost or 127.0.0.1. */
  static List<String> originsOf(String scheme, String host, InetSocketAddress bound) {
    int port = bound.getPort();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*")) {
      return List.of(scheme + "://localhost:" + port, scheme + "://127.0.0.1:" + port, scheme + "://[::1]:" + port);
    }
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return List.of(scheme + "://" + h + ":" + port);
  }

  List<String> origins() {
    return origins;
  }

  /** The Admin API's bound ports, its first plain and first TLS listener (Kong's select_listener). */
  void adminStarted(@Nullable Integer plain, @Nullable Integer ssl) {
    this.apiPort = plain;
    this.apiSslPort = ssl;
  }
}
