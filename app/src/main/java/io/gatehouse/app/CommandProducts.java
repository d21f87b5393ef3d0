package io.gatehouse.app;

import io.gatehouse.admin.api.DeclarativeProducts;
import io.gatehouse.admin.portal.Portal;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The portal's API products for {@code config db_import}/{@code db_export} (issue 20): the same
 * {@link Portal} code the node's {@code /portal} API runs, over the node's portal tables, so a file's
 * {@code _gatehouse_products} are checked and guarded the same way offline.
 */
final class CommandProducts implements AutoCloseable {
  private final PortalStore tables;
  final DeclarativeProducts products;

  private CommandProducts(PortalStore tables, DeclarativeProducts products) {
    this.tables = tables;
    this.products = products;
  }

  /** Null where the node keeps no products: {@code portal} off, or no database. */
  static @Nullable CommandProducts open(Settings settings, ConfigStore config, SchemaRegistry registry) {
    if (!Boolean.TRUE.equals(settings.bool("portal")) || settings.database() == Database.OFF) {
      return null;
    }
    PortalStore tables = settings.database() == Database.SQLITE
        ? SqliteConfigStore.portal(settings.sqliteFile())
        : PostgresConfigStore.portal(GatehouseWiring.postgresSettings(settings));
    return new CommandProducts(tables, Portal.create(tables, config, registry, Clock.systemUTC(), false)
        .declarativeProducts());
  }

  @Override
  public void close() {
    tables.close();
  }
}
