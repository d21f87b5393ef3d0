package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's {@link Snapshot} over one config version, consumers indexed once for all plugins: used
 * only on the snapshot builder thread (so its memo needs no locking).
 */
final class SdkSnapshot implements Snapshot {
  private final ConfigSnapshot snapshot;
  private final long readAtMillis;
  private final Map<String, Consumer> byId = new HashMap<>();
  private final Map<String, Consumer> byUsername = new HashMap<>();
  private final Map<String, String> workspaceById = new HashMap<>();
  private final ByWorkspace<String, Consumer> byUsernameInWorkspace = new ByWorkspace<>();
  private final Map<Class<?>, Object> shared = new HashMap<>();

  SdkSnapshot(ConfigSnapshot snapshot, long readAtMillis) {
    this.snapshot = snapshot;
    this.readAtMillis = readAtMillis;
    for (io.gatehouse.core.model.Consumer c : snapshot.consumers()) {
      Consumer view = consumer(c);
      byId.put(c.id(), view);
      if (c.username() != null) {
        byUsername.put(c.username(), view);
      }
    }
    for (Row r : rows("consumers")) {
      Consumer c = byId.get(r.id());
      if (c != null) {
        workspaceById.put(c.id(), ByWorkspace.workspaceOf(r));
        if (c.username() != null) {
          byUsernameInWorkspace.put(r, c.username(), c);
        }
      }
    }
  }

  @Override
  public long version() {
    return snapshot.version();
  }

  @Override
  public long readAtMillis() {
    return readAtMillis;
  }

  @Override
  public List<Row> rows(String table) {
    List<ObjectNode> rows = snapshot.table(table);
    List<Row> out = new ArrayList<>(rows.size());
    for (ObjectNode r : rows) {
      out.add(new RowView(r, readAtMillis));
    }
    return out;
  }

  @Override
  public Optional<Consumer> consumerById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Consumer> consumer(String idOrUsername) {
    Consumer c = byId.get(idOrUsername);
    return c != null ? Optional.of(c) : Optional.ofNullable(byUsername.get(idOrUsername));
  }

  @Override
  public Optional<Consumer> consumer(@Nullable Route route, String idOrUsername) {
    Consumer c = byId.get(idOrUsername);
    if (c != null && ByWorkspace.workspaceOf(route).equals(workspaceById.get(c.id()))) {
      return Optional.of(c);
    }
    return Optional.ofNullable(byUsernameInWorkspace.get(route, idOrUsername));
  }

  @Override
  public <T> T shared(Class<T> type, Function<Snapshot, T> build) {
    Object v = shared.get(type);
    if (v == null) {
      v = java.util.Objects.requireNonNull(build.apply(this), "shared value");
      shared.put(type, v);
    }
    return type.cast(v);
  }

  static Consumer consumer(io.gatehouse.core.model.Consumer c) {
    return new Consumer(c.id(), c.username(), c.customId(), c.tags());
  }

  /** A row, read-only. */
  private record RowView(ObjectNode row, long readAtMillis) implements Row {
    @Override
    public String id() {
      return java.util.Objects.requireNonNull(Json.text(row, "id"), "row without id");
    }

    @Override
    public @Nullable String consumerId() {
      return Json.foreignId(row, "consumer");
    }

    @Override
    public @Nullable String text(String field) {
      JsonNode v = row.get(field);
      return v != null && v.isTextual() ? v.asText() : null;
    }

    @Override
    public @Nullable Boolean bool(String field) {
      JsonNode v = row.get(field);
      return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    @Override
    public @Nullable Double number(String field) {
      JsonNode v = row.get(field);
      return v != null && v.isNumber() ? v.asDouble() : null;
    }

    @Override
    public List<String> strings(String field) {
      JsonNode v = row.get(field);
      if (v == null || !v.isArray()) {
        return List.of();
      }
      List<String> out = new ArrayList<>(v.size());
      v.forEach(e -> out.add(e.asText()));
      return List.copyOf(out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, @Nullable Object> toMap() {
      return (Map<String, @Nullable Object>) java.util.Objects.requireNonNull(SdkChecks.value(row));
    }

    @Override
    public long expiresAtMillis() {
      JsonNode ttl = row.get("ttl");
      // the store reports the seconds left when the snapshot was read
      return ttl != null && ttl.isNumber() ? readAtMillis + ttl.asLong() * 1000 : Long.MAX_VALUE;
    }

    @Override
    public String toString() {
      return "Row[" + Json.text(row, "id") + "]"; // never the secrets it may hold
    }
  }
}
