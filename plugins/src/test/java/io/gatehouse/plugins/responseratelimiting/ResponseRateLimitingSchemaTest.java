package io.gatehouse.plugins.responseratelimiting;

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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** response-ratelimiting on the SDK: the derived config schema and its checks are the hand-written ones. */
class ResponseRateLimitingSchemaTest {
  static final String[] PERIODS = {"second", "minute", "hour", "day", "month", "year"};

  @Test
  void derived_schema_and_checks_are_the_hand_written_ones() {
    List<Field> fields = new ArrayList<>(List.of(
        Field.string("header_name").defaultValue("x-kong-limit").check(headerName()),
        Field.string("limit_by").defaultValue("consumer").oneOf("consumer", "credential", "ip"),
        Field.string("policy").defaultValue("local").oneOf("local", "cluster", "redis"),
        Field.bool("fault_tolerant").required().defaultValue(true),
        RedisSettings.schema(),
        Field.bool("block_on_first_violation").required().defaultValue(false),
        Field.bool("hide_client_headers").required().defaultValue(false),
        Field.map("limits", Field.string("name"), Field.record("limit", periodFields())).required()));
    fields.addAll(List.of(RedisSettings.flatSchema()));
    Field before = Field.record("config", fields.toArray(Field[]::new))
        .recordCheck(EntityCheck.custom(List.of("limits"), (c, errors) -> {
          JsonNode limits = c.path("limits");
          if (!limits.isObject() || limits.isEmpty()) {
            errors.field("limits", "required field missing");
            return;
          }
          for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            JsonNode l = it.next().getValue();
            if (!anyPeriod(l)) {
              errors.entity("at least one of these fields must be non-empty: 'second', 'minute', 'hour', 'day', 'month', 'year'");
              return;
            }
            String order = periodOrderError(l);
            if (order != null) {
              errors.entity(order);
              return;
            }
          }
        }))
        .recordCheck(redisHostRequired());
    var plugin = LoadedPlugins.of(new ResponseRateLimitingPlugin()).find("response-ratelimiting");
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before, "{}", "{\"limits\":{}}", "{\"limits\":{\"video\":{}}}",
        "{\"limits\":{\"video\":{\"minute\":5}}}", "{\"limits\":{\"video\":{\"minute\":5,\"hour\":2}}}",
        "{\"limits\":{\"a\":{\"second\":1},\"b\":{\"day\":3,\"month\":2.5}}}",
        "{\"limits\":{\"video\":{\"minute\":5}},\"policy\":\"redis\"}",
        "{\"limits\":{\"video\":{\"minute\":5}},\"policy\":\"redis\",\"redis\":{\"host\":\"h\"}}",
        "{\"limits\":{\"video\":{\"minute\":5}},\"policy\":\"redis\",\"redis_host\":\"h\"}",
        "{\"limits\":{},\"policy\":\"redis\"}");
    assertThat(SchemaAssert.configErrors(derived, "{\"limits\":{}}")).contains("required field missing");
    assertThat(SchemaAssert.configErrors(derived, "{\"limits\":{\"v\":{\"minute\":5,\"hour\":2}}}"))
        .contains("The limit for hour(2.0) cannot be lower than the limit for minute(5.0)");
    Field derivedPeriods = derived.fields().stream().filter(f -> f.name().equals("limits")).findFirst().orElseThrow().values();
    for (String v : List.of("5", "0", "-1", "0.5")) {
      JsonNode value = Json.parse(v);
      assertThat(messages(derivedPeriods, "hour", value)).as(v).isEqualTo(messages(Field.record("limit", periodFields()), "hour", value));
    }
    assertThat(plugin.priority()).isEqualTo(900);
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
