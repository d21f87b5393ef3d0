package io.gatehouse.plugins.limits;

import io.gatehouse.plugins.redis.RedisSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Schema pieces both limiting plugins share: the six period fields and their ordering rule. */
public final class LimitSchema {
  private LimitSchema() {}

  /** {@code second … year}: numbers greater than 0. */
  public static Field[] periodFields() {
    Field[] fields = new Field[Window.NAMED.length];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = Field.number(Window.NAMED[i].period()).check(LimitSchema::positive);
    }
    return fields;
  }

  static @Nullable String positive(JsonNode v) {
    return v == null || v.isNull() || v.asDouble() > 0 ? null : "value must be greater than 0";
  }

  /**
   * Kong's {@code validate_periods_order}: {@code The limit for hour(5.0) cannot be lower than the
   * limit for minute(10.0)}; null when the order is fine.
   */
  public static @Nullable String periodOrderError(JsonNode limits) {
    for (int i = 0; i < Window.NAMED.length; i++) {
      JsonNode lower = limits.get(Window.NAMED[i].period());
      if (lower == null || lower.isNull()) {
        continue;
      }
      for (int j = i + 1; j < Window.NAMED.length; j++) {
        JsonNode upper = limits.get(Window.NAMED[j].period());
        if (upper != null && !upper.isNull() && upper.asDouble() < lower.asDouble()) {
          return String.format(Locale.ROOT, "The limit for %s(%.1f) cannot be lower than the limit for %s(%.1f)",
              Window.NAMED[j].period(), upper.asDouble(), Window.NAMED[i].period(), lower.asDouble());
        }
      }
    }
    return null;
  }

  /** Whether any period field is set. */
  public static boolean anyPeriod(JsonNode limits) {
    for (Window w : Window.NAMED) {
      JsonNode v = limits.get(w.period());
      if (v != null && !v.isNull()) {
        return true;
      }
    }
    return false;
  }

  /** The configured periods as limits, shortest window first. */
  public static List<Limit> periodLimits(JsonNode limits) {
    List<Limit> out = new ArrayList<>();
    for (Window w : Window.NAMED) {
      JsonNode v = limits.get(w.period());
      if (v != null && !v.isNull()) {
        out.add(Limit.of(w, v.asDouble()));
      }
    }
    return out;
  }

  /** {@code failed conditional validation …} when policy is redis without a host. */
  public static EntityCheck redisHostRequired() {
    return EntityCheck.custom(List.of("policy", "redis"), (c, errors) -> {
      boolean host = c.path("redis").path("host").isTextual() || c.path("redis_host").isTextual();
      if ("redis".equals(c.path("policy").asText()) && !host) {
        errors.entity("failed conditional validation given value of field 'policy'");
        errors.field("redis", "host: required field missing");
      }
    });
  }

  /** The {@code redis} record after folding the flat fields. */
  public static RedisSettings redis(ObjectNode config) {
    RedisSettings.foldFlatFields(config);
    return RedisSettings.from(config.path("redis"));
  }
}
