package io.gatehouse.admin.testing;

import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.testsupport.PostgresServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server for the Admin API suites of this test JVM (started on first use, stopped
 * when the JVM exits), and a fresh database for each store, so suites running against PostgreSQL
 * pay for one server start, not one per class.
 */
public final class SharedPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer server;

  private SharedPostgres() {}

  private static synchronized PostgresServer server() {
    if (server == null || !server.isRunning()) {
      server = PostgresServer.launch(); // PostgresServer stops itself when the JVM exits
    }
    return server;
  }

  /** A store on a new, empty database of the shared server. */
  public static PostgresConfigStore freshStore() {
    return PostgresConfigStore.open(freshSettings());
  }

  /** Settings for a new, empty database of the shared server. */
  public static PostgresSettings freshSettings() {
    PostgresServer pg = server();
    String database = "admin_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    pg.createDatabase(database);
    PostgresSettings settings = PostgresSettings.defaults()
        .withServer(pg.host(), pg.port(), database)
        .withLogin(pg.user(), pg.password())
        .withTimeout(Duration.ofSeconds(5))
        .withPoolSize(4)
        .withUpdateFrequency(Duration.ofMinutes(5)); // one node: its own writes publish at once
    return settings;
  }
}
