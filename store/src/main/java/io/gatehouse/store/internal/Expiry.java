package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ttl}: written as seconds to live, stored as an absolute {@code expires_at} (epoch
 * millis) with {@code ttl} removed from the body, and read back as the whole seconds remaining.
 */
public final class Expiry {
  private Expiry() {}

  /** What goes into the entities row. */
  public record Stored(ObjectNode body, @Nullable Long expiresAt) {}

  public static Stored split(TableSpec spec, ObjectNode entity, long nowMillis) {
    JsonNode ttl = entity.get("ttl");
    if (!spec.ttl() || ttl == null || !ttl.isNumber()) {
      return new Stored(entity, null);
    }
    ObjectNode body = entity.deepCopy();
    body.remove("ttl");
    double seconds = ttl.asDouble();
    // Kong treats ttl 0 as "no expiry"
    Long expiresAt = seconds > 0 ? nowMillis + Math.round(seconds * 1000) : null;
    return new Stored(body, expiresAt);
  }

  /** The entity as readers see it: the stored body plus the remaining {@code ttl}, if any. */
  public static ObjectNode render(String body, @Nullable Long expiresAt, long nowMillis) {
    ObjectNode node = (ObjectNode) Json.parse(body);
    if (expiresAt != null) {
      node.put("ttl", Math.max(0, Math.floorDiv(expiresAt - nowMillis, 1000L)));
    }
    return node;
  }

  /** The SQL condition for "not expired", with one parameter: now in epoch millis. */
  public static String visible(String alias) {
    return "(" + alias + ".expires_at IS NULL OR " + alias + ".expires_at > ?)";
  }
}
