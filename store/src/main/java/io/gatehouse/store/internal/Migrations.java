package io.gatehouse.store.internal;

import io.gatehouse.core.error.KongException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database's schema up to date with the portable migrations in {@code db/migration}. */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations; returns how many ran. */
  public static int migrate(DataSource dataSource) {
    try {
      return Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate()
          .migrationsExecuted;
    } catch (FlywayException e) {
      throw KongException.databaseError("database migration failed: " + e.getMessage(), e);
    }
  }
}
