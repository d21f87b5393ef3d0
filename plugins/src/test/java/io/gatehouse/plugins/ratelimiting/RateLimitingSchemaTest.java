package io.gatehouse.plugins.ratelimiting;

import static io.gatehouse.core.entity.Typedefs.headerName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.redis.RedisSettings;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** rate-limiting on the SDK: the derived config schema and its checks are the hand-written ones. */
class RateLimitingSchemaTest {
  static final String[] PERIODS = {"second", "minute", "hour", "day", "month", "year"};

  @Test
  void derived_schema_and_checks_are_the_hand_written_ones() {
    List<Field> fields = new ArrayList<>(List.of(periodFields()));
    fields.addAll(List.of(
        Field.string("limit_by").defaultValue("consumer")
            .oneOf("consumer", "credential", "ip", "service", "header", "path"),
        Field.string("header_name").check(headerName()),
        Field.string("path").check(v -> v.asText().startsWith("/") ? null : "should start with: /"),
        Field.string("policy").defaultValue("local").oneOf("local", "cluster", "redis"),
        Field.bool("fault_tolerant").required().defaultValue(true),
        RedisSettings.schema(),
        Field.bool("hide_client_headers").required().defaultValue(false),
        Field.number("error_code").defaultValue(429).check(v -> v.asDouble() > 0 ? null : "value must be greater than 0"),
        Field.string("error_message").defaultValue("API rate limit exceeded"),
        Field.number("sync_rate").required().defaultValue(-1),
        Field.string("strategy").required().defaultValue("fixed-window").oneOf("fixed-window", "sliding-window"),
        Field.array("limits", Field.record("limit",
            Field.number("limit").required().check(v -> v.asDouble() > 0 ? null : "value must be greater than 0"),
            Field.integer("window_size").required().between(1, 31536000)))));
    fields.addAll(List.of(RedisSettings.flatSchema()));
    Field before = Field.record("config", fields.toArray(Field[]::new))
        .recordCheck(EntityCheck.custom(List.of("second", "minute", "hour", "day", "month", "year", "limits"), (c, errors) -> {
          if (!anyPeriod(c) && (c.path("limits").isMissingNode() || c.path("limits").isEmpty())) {
            errors.entity("at least one of these fields must be non-empty: 'second', 'minute', 'hour', 'day', 'month', 'year'");
            return;
          }
          String order = periodOrderError(c);
          if (order != null) {
            errors.entity(order);
          }
        }))
        .recordCheck(EntityCheck.conditional("limit_by", v -> "header".equals(v == null ? null : v.asText()),
            "header_name", v -> v != null && !v.isNull(), "required field missing"))
        .recordCheck(EntityCheck.conditional("limit_by", v -> "path".equals(v == null ? null : v.asText()),
            "path", v -> v != null && !v.isNull(), "required field missing"))
        .recordCheck(redisHostRequired())
        .recordCheck(EntityCheck.custom(List.of("sync_rate", "policy", "strategy"), (c, errors) -> {
          double sync = c.path("sync_rate").asDouble(-1);
          String policy = c.path("policy").asText("local");
          if (sync != -1 && !"redis".equals(policy)) {
            errors.entity("sync_rate can only be used with the redis policy");
          } else if (sync != -1 && sync < 0.02) {
            errors.entity("sync_rate must be greater than 0.02, or -1 to disable");
          }
          if ("sliding-window".equals(c.path("strategy").asText()) && "cluster".equals(policy)) {
            errors.entity("strategy sliding-window can only be used with the local and redis policies");
          }
        }));
    var plugin = LoadedPlugins.of(new RateLimitingPlugin()).find("rate-limiting");
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before, "{}", "{\"minute\":5}", "{\"limits\":[]}",
        "{\"limits\":[{\"limit\":3,\"window_size\":10}]}", "{\"minute\":10,\"hour\":5}", "{\"second\":2.5,\"minute\":2}",
        "{\"minute\":5,\"limit_by\":\"header\"}", "{\"minute\":5,\"limit_by\":\"header\",\"header_name\":\"x-a\"}",
        "{\"minute\":5,\"limit_by\":\"path\"}", "{\"minute\":5,\"limit_by\":\"path\",\"path\":\"/a\"}",
        "{\"minute\":5,\"policy\":\"redis\"}", "{\"minute\":5,\"policy\":\"redis\",\"redis\":{\"host\":\"h\"}}",
        "{\"minute\":5,\"policy\":\"redis\",\"redis\":{\"port\":1}}", "{\"minute\":5,\"policy\":\"redis\",\"redis_host\":\"h\"}",
        "{\"minute\":5,\"sync_rate\":1}", "{\"minute\":5,\"sync_rate\":0.01,\"policy\":\"redis\",\"redis_host\":\"h\"}",
        "{\"minute\":5,\"sync_rate\":1,\"policy\":\"redis\",\"redis_host\":\"h\"}",
        "{\"minute\":5,\"sync_rate\":-1,\"policy\":\"cluster\",\"strategy\":\"sliding-window\"}",
        "{\"minute\":5,\"sync_rate\":2,\"policy\":\"cluster\",\"strategy\":\"sliding-window\"}",
        "{\"hour\":1,\"limit_by\":\"path\",\"policy\":\"redis\",\"sync_rate\":3,\"minute\":4}");
    assertThat(SchemaAssert.configErrors(derived, "{\"minute\":10,\"hour\":5}"))
        .contains("The limit for hour(5.0) cannot be lower than the limit for minute(10.0)");
    assertThat(SchemaAssert.configErrors(derived, "{\"minute\":5,\"policy\":\"redis\"}"))
        .contains("failed conditional validation given value of field 'policy'").contains("host: required field missing");
    sameFieldChecks(derived, before, "minute", "5", "0", "-1", "0.5");
    sameFieldChecks(derived, before, "error_code", "429", "0", "-2");
    sameFieldChecks(derived, before, "path", "\"/a\"", "\"a\"");
    sameFieldChecks(derived, before, "header_name", "\"x-a\"", "\"a b\"", "\"\"");
    assertThat(plugin.priority()).isEqualTo(910);
    assertThat(plugin.protocols()).isEqualTo(io.gatehouse.sdk.Protocols.HTTP.names());
  }

  /** The field checks answer the same messages for each value. */
  static void sameFieldChecks(Field derived, Field before, String field, String... values) {
    for (String v : values) {
      JsonNode value = Json.parse(v);
      assertThat(messages(derived, field, value)).as(field + "=" + v).isEqualTo(messages(before, field, value));
    }
  }

  private static List<String> messages(Field record, String name, JsonNode value) {
    Field f = record.fields().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    return f.checks().stream().map(c -> c.apply(value)).filter(Objects::nonNull).toList();
  }

  // --- the hand-written pieces of the old plugins/limits/LimitSchema ---

  static Field[] periodFields() {
    Field[] fields = new Field[PERIODS.length];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = Field.number(PERIODS[i])
          .check(v -> v == null || v.isNull() || v.asDouble() > 0 ? null : "value must be greater than 0");
    }
    return fields;
  }

  static String periodOrderError(JsonNode limits) {
    for (int i = 0; i < PERIODS.length; i++) {
      JsonNode lower = limits.get(PERIODS[i]);
      if (lower == null || lower.isNull()) {
        continue;
      }
      for (int j = i + 1; j < PERIODS.length; j++) {
        JsonNode upper = limits.get(PERIODS[j]);
        if (upper != null && !upper.isNull() && upper.asDouble() < lower.asDouble()) {
          return String.format(Locale.ROOT, "The limit for %s(%.1f) cannot be lower than the limit for %s(%.1f)",
              PERIODS[j], upper.asDouble(), PERIODS[i], lower.asDouble());
        }
      }
    }
    return null;
  }

  static boolean anyPeriod(JsonNode limits) {
    for (String p : PERIODS) {
      JsonNode v = limits.get(p);
      if (v != null && !v.isNull()) {
        return true;
      }
    }
    return false;
  }

  static EntityCheck redisHostRequired() {
    return EntityCheck.custom(List.of("policy", "redis"), (c, errors) -> {
      boolean host = c.path("redis").path("host").isTextual() || c.path("redis_host").isTextual();
      if ("redis".equals(c.path("policy").asText()) && !host) {
        errors.entity("failed conditional validation given value of field 'policy'");
        errors.field("redis", "host: required field missing");
      }
    });
  }
}
