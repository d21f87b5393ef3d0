package io.gatehouse.app;

import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.portal.DocsSettings;
import io.gatehouse.admin.portal.Portal;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The developer portal from the settings ({@code portal}, {@code portal_gui_listen},
 * {@code portal_api_listen}, {@code portal_auto_approve}, {@code proxy_url}, {@code portal_openapi_*}):
 * its tables, the pages and the developers' API. Off by default; it needs a database (its rows are not configuration), so a DB-less node refuses it.
 */
final class PortalListeners {
  private PortalListeners() {}

  /** The node's portal with its listeners started, or null when {@code portal} is off. */
  static @Nullable Portal start(Node node, Settings settings, ConfigStore config, SchemaRegistry registry,
      boolean databaseDown, io.gatehouse.admin.analytics.@Nullable AnalyticsStore analytics) {
    if (!Boolean.TRUE.equals(settings.bool("portal"))) {
      return null;
    }
    if (settings.database() == Database.OFF) {
      throw new IllegalStateException("portal = on needs a database: developers, applications and subscriptions are"
          + " kept in it, and a DB-less node (database = off) has none; use database = sqlite or postgres");
    }
    if (databaseDown) {
      throw new IllegalStateException("portal = on needs the database at start; it does not answer");
    }
    PortalStore store = node.add("portal tables", settings.database() == Database.SQLITE
        ? SqliteConfigStore.portal(settings.sqliteFile())
        : PostgresConfigStore.portal(GatehouseWiring.postgresSettings(settings)));
    List<String> guiOrigins = new ArrayList<>(); // filled as the pages listen, before any product is written
    Portal portal = Portal.create(store, config, registry, Clock.systemUTC(),
        Boolean.TRUE.equals(settings.bool("portal_auto_approve")), analytics, docsSettings(node, settings, guiOrigins));
    List<Listener> api = settings.listeners("portal_api_listen");
    int[] apiPort = {api.isEmpty() ? 0 : api.getFirst().port()};
    for (Listener l : settings.listeners("portal_gui_listen")) {
      AdminHttpServer gui = node.add("portal GUI " + l.authority(), GatehouseWiring.listening("portal_gui_listen",
          List.of(l), () -> io.gatehouse.portal.PortalGui.start(l.host(), l.port(), () -> apiPort[0])));
      guiOrigins.addAll(ManagerListeners.originsOf("http", l.host(), gui.address()));
    }
    for (Listener l : api) {
      AdminHttpServer server = node.add("portal API " + l.authority(), GatehouseWiring.listening("portal_api_listen",
          List.of(l), () -> portal.startApi(l.host(), l.port(), guiOrigins)));
      if (l == api.getFirst()) apiPort[0] = server.address().getPort(); // port 0 binds a free one
    }
    portal.followPortalOrigins();
    return portal;
  }

  /** Where browsers reach the proxy (proxy_url, else its first bound ports) and the fetch limits. */
  private static DocsSettings docsSettings(Node node, Settings settings, List<String> guiOrigins) {
    IntSupplier plain = () -> node.component(ProxyServer.class)
        .flatMap(p -> p.boundPlainAddresses().stream().findFirst()).map(InetSocketAddress::getPort).orElse(0);
    IntSupplier tls = () -> node.component(ProxyServer.class)
        .flatMap(p -> p.boundTlsAddresses().stream().findFirst()).map(InetSocketAddress::getPort).orElse(0);
    Integer timeout = settings.integer("portal_openapi_fetch_timeout");
    Long max = settings.bytes("portal_openapi_max_size");
    return new DocsSettings(settings.string("proxy_url"), plain, tls, () -> List.copyOf(guiOrigins),
        timeout == null ? DocsSettings.FETCH_TIMEOUT : Duration.ofMillis(timeout),
        max == null ? DocsSettings.FETCH_MAX_BYTES : max);
  }
}
