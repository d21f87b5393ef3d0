package io.gatehouse.store.internal;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import io.gatehouse.store.SchemaMigrations;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Brings a database's schema up to date with the portable migrations in {@code db/migration}, plus
 * an engine's own folder where one is unavoidable ({@code db/postgresql}).
 */
public final class Migrations {
  private Migrations() {}

  /** The explicit form for the CLI: state, migrate and reset over one data source. */
  public static SchemaMigrations explicit(DataSource dataSource, @Nullable String schema, List<String> extraLocations,
      Runnable onClose) {
    return new SchemaMigrations() {
      @Override
      public State state() {
        try {
          MigrationInfoService info = flyway(dataSource, schema, extraLocations).load().info();
          return new State(names(info.applied()), names(info.pending()));
        } catch (FlywayException e) {
          throw Jdbc.databaseError("cannot read the migration state: " + e.getMessage(), e);
        }
      }

      @Override
      public int migrate() {
        return Migrations.migrate(dataSource, schema, extraLocations);
      }

      @Override
      public void reset() {
        try {
          flyway(dataSource, schema, extraLocations).cleanDisabled(false).load().clean();
        } catch (FlywayException e) {
          throw Jdbc.databaseError("database reset failed: " + e.getMessage(), e);
        }
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }

  private static List<String> names(MigrationInfo[] infos) {
    List<String> out = new ArrayList<>();
    for (MigrationInfo i : infos) {
      out.add(i.getVersion() + "__" + i.getDescription().replace(' ', '_'));
    }
    return out;
  }

  private static FluentConfiguration flyway(DataSource dataSource, @Nullable String schema, List<String> extraLocations) {
    List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
    extraLocations.forEach(l -> locations.add("classpath:" + l));
    FluentConfiguration config = Flyway.configure().dataSource(dataSource).locations(locations.toArray(String[]::new));
    return schema == null ? config : config.schemas(schema);
  }

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
