package io.gatehouse.app;

import io.gatehouse.testsupport.PostgresServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store a whole-node suite runs on: the embedded SQLite in the prefix, or a fresh database of one
 * PostgreSQL server shared by the suites of this test JVM (started on first use, stopped when the JVM
 * exits), so running a suite on both costs one server start.
 */
enum StoreKind {
  SQLITE,
  POSTGRES;

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer server;

  /** The settings that put a node on this store (empty for SQLite, the default). */
  Map<String, String> settings() {
    if (this == SQLITE) {
      return Map.of();
    }
    PostgresServer pg = server();
    String database = "node_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    pg.createDatabase(database);
    Map<String, String> conf = postgres(pg, database);
    conf.put("pg_pool_size", "4");
    return conf;
  }

  /** The settings that put a node on {@code database} of {@code pg} (a mutable map, for tests to add to). */
  static Map<String, String> postgres(PostgresServer pg, String database) {
    Map<String, String> conf = new HashMap<>();
    conf.put("database", "postgres");
    conf.put("pg_host", pg.host());
    conf.put("pg_port", Integer.toString(pg.port()));
    conf.put("pg_user", pg.user());
    conf.put("pg_password", pg.password());
    conf.put("pg_database", database);
    return conf;
  }

  private static synchronized PostgresServer server() {
    if (server == null || !server.isRunning()) {
      server = PostgresServer.launch(); // stops itself when the JVM exits
    }
    return server;
  }
}
