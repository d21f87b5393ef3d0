package io.gatehouse.app.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where configuration entities are stored ({@code database}). */
public enum Database {
  /** Embedded SQLite in the prefix directory: Gatehouse's default, needs no server. */
  SQLITE,
  /** A PostgreSQL server ({@code pg_*}), for clusters. */
  POSTGRES,
  /** DB-less: entities come from {@code declarative_config}. */
  OFF;

  /** The name used in {@code gatehouse.conf}. */
  public String confName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> names() {
    return Arrays.stream(values()).map(Database::confName).toList();
  }
}
