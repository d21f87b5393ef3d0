package io.gatehouse.plugins.acl;

import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot's ACL groups by consumer id, with the header value joined once. Groups are per
 * workspace: on a route, only the groups stored in the route's workspace count.
 */
final class ConsumerGroups {
  /** One consumer's groups and their {@code X-Consumer-Groups} value. */
  record Groups(List<String> names, String header) {}

  private final ByWorkspace<String, Groups> byConsumer;

  private ConsumerGroups(ByWorkspace<String, Groups> byConsumer) {
    this.byConsumer = byConsumer;
  }

  static ConsumerGroups of(Snapshot snapshot) {
    ByWorkspace<String, List<String>> raw = new ByWorkspace<>();
    for (Row row : snapshot.rows("acls")) {
      String consumer = row.consumerId();
      String group = row.text("group");
      if (consumer != null && group != null) {
        raw.computeIfAbsent(row, consumer, c -> new ArrayList<>()).add(group);
      }
    }
    return new ConsumerGroups(raw.map(g -> new Groups(List.copyOf(g), String.join(", ", g))));
  }

  Groups of(@Nullable Route route, String consumerId) {
    Groups g = byConsumer.get(route, consumerId);
    return g == null ? new Groups(List.of(), "") : g;
  }
}
