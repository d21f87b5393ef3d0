package io.gatehouse.plugins.acl;

import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The snapshot's ACL groups by consumer id, with the header value joined once. */
final class ConsumerGroups {
  /** One consumer's groups and their {@code X-Consumer-Groups} value. */
  record Groups(List<String> names, String header) {}

  private final Map<String, Groups> byConsumer;

  private ConsumerGroups(Map<String, Groups> byConsumer) {
    this.byConsumer = byConsumer;
  }

  static ConsumerGroups of(Snapshot snapshot) {
    Map<String, List<String>> raw = new HashMap<>();
    for (Row row : snapshot.rows("acls")) {
      String consumer = row.consumerId();
      String group = row.text("group");
      if (consumer != null && group != null) {
        raw.computeIfAbsent(consumer, c -> new ArrayList<>()).add(group);
      }
    }
    Map<String, Groups> out = new HashMap<>();
    raw.forEach((c, g) -> out.put(c, new Groups(List.copyOf(g), String.join(", ", g))));
    return new ConsumerGroups(out);
  }

  Groups of(String consumerId) {
    Groups g = byConsumer.get(consumerId);
    return g == null ? new Groups(List.of(), "") : g;
  }
}
