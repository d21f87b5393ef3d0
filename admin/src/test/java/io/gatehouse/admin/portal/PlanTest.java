package io.gatehouse.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PlanTest {
  @Test
  void plans_read_their_tiers_and_write_them_back_in_window_order() {
    List<Plan> plans = Plan.parse(Json.parse("[{\"name\":\"gold\",\"hour\":1000,\"minute\":50},{\"name\":\"free\"}]"));
    assertThat(plans).containsExactly(new Plan("gold", Map.of("minute", 50L, "hour", 1000L)), new Plan("free", Map.of()));
    assertThat(Json.write(Plan.toJson(plans))).isEqualTo("[{\"name\":\"gold\",\"minute\":50,\"hour\":1000},{\"name\":\"free\"}]");
    assertThat(Json.write(plans.getFirst().rateLimitingConfig())).contains("\"minute\":50").contains("\"hour\":1000");
  }

  @Test
  void no_plans_is_one_unlimited_plan() {
    assertThat(Plan.parse(null)).containsExactly(Plan.UNLIMITED);
    assertThat(Plan.parse(Json.NODES.nullNode())).containsExactly(Plan.UNLIMITED);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}                                         | expected a non-empty array of plans",
      "[]                                         | expected a non-empty array of plans",
      "[{\"minute\":5}]                            | each plan needs a name (a string)",
      "[{\"name\":\"a\",\"minute\":0}]              | plan 'a': minute must be a positive integer",
      "[{\"name\":\"a\",\"minute\":1.5}]            | plan 'a': minute must be a positive integer",
      "[{\"name\":\"a\",\"minute\":\"5\"}]          | plan 'a': minute must be a positive integer",
      "[{\"name\":\"a\",\"weekly\":5}]              | plan 'a': unknown field 'weekly' (expected name and any of second, minute, hour, day, month, year)",
      "[{\"name\":\"a\"},{\"name\":\"a\"}]          | plan 'a' is given twice",
  })
  void bad_plans_say_what_is_wrong(String json, String message) {
    assertThatThrownBy(() -> Plan.parse(Json.parse(json))).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
