package io.gatehouse.store.internal;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Brings a database's schema up to date with the portable migrations in {@code db/migration}, plus
 * an engine's own folder where one is unavoidable ({@code db/postgresql}).
 */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations; returns how many ran. */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, null, List.of());
  }

  /**
   * As {@link #migrate(DataSource)}, in {@code schema} (created if missing; null for the
   * connection's default) and with extra classpath folders of engine-specific migrations.
   */
  public static int migrate(DataSource dataSource, @Nullable String schema, List<String> extraLocations) {
    List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
    extraLocations.forEach(l -> locations.add("classpath:" + l));
    try {
      FluentConfiguration config = Flyway.configure()
          .dataSource(dataSource)
          .locations(locations.toArray(String[]::new));
      if (schema != null) {
        config = config.schemas(schema);
      }
      return config.load().migrate().migrationsExecuted;
    } catch (FlywayException e) {
      throw Jdbc.databaseError("database migration failed: " + e.getMessage(), e);
    }
  }
}
