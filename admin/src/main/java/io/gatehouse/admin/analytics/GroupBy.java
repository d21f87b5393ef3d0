package io.gatehouse.admin.analytics;

import java.util.Locale;
import java.util.Optional;

/** What aggregates are grouped by: the id (and name) columns of one dimension. */
public enum GroupBy {
  SERVICE("service_id", "service_name"),
  ROUTE("route_id", "route_name"),
  CONSUMER("consumer_id", "consumer_name"),
  STATUS("status", "status");

  final String idColumn;
  final String nameColumn;

  GroupBy(String idColumn, String nameColumn) {
    this.idColumn = idColumn;
    this.nameColumn = nameColumn;
  }

  public static Optional<GroupBy> parse(String name) {
    for (GroupBy g : values()) {
      if (g.name().toLowerCase(Locale.ROOT).equals(name)) return Optional.of(g);
    }
    return Optional.empty();
  }

  String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
