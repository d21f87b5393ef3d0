package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Unique;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The SDK's entity-level checks and entity records, translated to the core schema with Kong's messages. */
class SdkChecksTest {

  private static String run(EntityChecks checks, String json) {
    ObjectNode config = Json.object();
    ObjectNode plugin = Json.object();
    EntityCheck.Errors errors = new EntityCheck.Errors(config, plugin);
    SdkChecks.of(checks).forEach(c -> c.check((ObjectNode) Json.parse(json), errors));
    return Json.object().<ObjectNode>set("config", config).set("plugin", plugin).toString();
  }

  @Test
  void at_least_one_of_in_both_forms() {
    EntityChecks own = EntityChecks.NONE.atLeastOneOf("a", "b");
    assertThat(run(own, "{\"a\":[]}"))
        .isEqualTo("{\"config\":{\"@entity\":[\"at least one of these fields must be non-empty: 'a', 'b'\"]},\"plugin\":{}}");
    assertThat(run(own, "{\"b\":\"x\"}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
    assertThat(SdkChecks.of(own).getFirst().describe().toString()).isEqualTo("{\"at_least_one_of\":[\"a\",\"b\"]}");

    EntityChecks plugin = EntityChecks.NONE.atLeastOneOf("config.a", "config.b");
    assertThat(run(plugin, "{}")).isEqualTo(
        "{\"config\":{},\"plugin\":{\"@entity\":[\"at least one of these fields must be non-empty: 'config.a', 'config.b'\"]}}");
    assertThat(SdkChecks.of(plugin).getFirst().describe().toString())
        .isEqualTo("{\"custom_entity_check\":{\"field_sources\":[\"a\",\"b\"]}}");
  }

  @Test
  void only_one_of_conditional_and_custom() {
    assertThat(run(EntityChecks.NONE.onlyOneOf("a", "b"), "{\"a\":[1],\"b\":[2]}"))
        .contains("only one of these fields must be non-empty: 'a', 'b'");
    EntityChecks cond = EntityChecks.NONE.conditional("config.n", v -> v instanceof Number n && n.doubleValue() > 0,
        "config.l", v -> v instanceof List<?> l && l.contains("x") ? null : "expected to contain: x");
    assertThat(run(cond, "{\"n\":1,\"l\":[\"y\"]}")).isEqualTo("{\"config\":{\"l\":\"expected to contain: x\"},"
        + "\"plugin\":{\"@entity\":[\"failed conditional validation given value of field 'config.n'\"]}}");
    assertThat(run(cond, "{\"n\":0}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
    EntityChecks custom = EntityChecks.NONE.custom(List.of("m", "e"),
        v -> v.get("m") != null && Boolean.TRUE.equals(v.get("e")) ? "m and e" : null);
    assertThat(run(custom, "{\"m\":\"x\",\"e\":true}")).contains("\"@entity\":[\"m and e\"]");
    assertThat(run(custom, "{\"m\":null,\"e\":true}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
    EntityChecks pluginLevel = EntityChecks.NONE.custom(List.of("config.m", "config.e"),
        v -> v.get("config.m") != null && Boolean.TRUE.equals(v.get("config.e")) ? "m and e" : null);
    assertThat(run(pluginLevel, "{\"m\":\"x\",\"e\":true}"))
        .isEqualTo("{\"config\":{},\"plugin\":{\"@entity\":[\"m and e\"]}}");
    assertThat(run(pluginLevel, "{\"m\":\"x\",\"e\":false}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
  }

  @Test
  void required_if_is_kongs_conditional_and_reporting_reports_on_entity_and_fields() {
    EntityChecks req = EntityChecks.NONE.requiredIf("limit_by", "header"::equals, "header_name");
    assertThat(run(req, "{\"limit_by\":\"header\"}")).isEqualTo("{\"config\":{\"@entity\":[\"failed conditional validation given value of field 'limit_by'\"],"
        + "\"header_name\":\"required field missing\"},\"plugin\":{}}");
    assertThat(run(req, "{\"limit_by\":\"header\",\"header_name\":\"x\"}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
    assertThat(run(req, "{\"limit_by\":\"ip\"}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
    assertThat(SdkChecks.of(req).getFirst().describe().toString())
        .isEqualTo("{\"conditional\":{\"field_sources\":[\"limit_by\",\"header_name\"]}}");
    assertThatThrownBy(() -> SdkChecks.of(EntityChecks.NONE.requiredIf("config.a", v -> true, "config.b")))
        .isInstanceOf(IllegalArgumentException.class);

    // reads fields beyond its own (a deprecated shorthand), reports several messages
    EntityChecks rep = EntityChecks.NONE.reporting(List.of("a"), (v, report) -> {
      if (v.get("a") == null && v.get("old_a") == null) {
        report.entity("one");
        report.entity("two");
        report.field("a", "required field missing");
      }
    });
    assertThat(run(rep, "{}")).isEqualTo(
        "{\"config\":{\"@entity\":[\"one\",\"two\"],\"a\":\"required field missing\"},\"plugin\":{}}");
    assertThat(run(rep, "{\"old_a\":1}")).isEqualTo("{\"config\":{},\"plugin\":{}}");
    assertThat(SdkChecks.of(rep).getFirst().describe().toString())
        .isEqualTo("{\"custom_entity_check\":{\"field_sources\":[\"a\"]}}");
  }

  @Test
  void reporting_on_array_elements_gives_kongs_element_shape() {
    // pre-function's snippets: each element checked against another field, reported where it is
    EntityChecks rep = EntityChecks.NONE.reporting(List.of("code"), (v, report) -> {
      report.element("code", 1, "bad second");
      report.element("code", 3, "bad fourth");
      report.element("code", 1, "ignored: the first message on an element is kept");
    });
    assertThat(run(rep, "{\"code\":[\"a\",\"b\",\"c\",\"d\"]}"))
        .isEqualTo("{\"config\":{\"code\":[null,\"bad second\",null,\"bad fourth\"]},\"plugin\":{}}");
  }

  @Test
  void builder_is_immutable() {
    EntityChecks one = EntityChecks.NONE.atLeastOneOf("a");
    one.onlyOneOf("a", "b");
    assertThat(one.rules()).hasSize(1);
    assertThat(EntityChecks.NONE.rules()).isEmpty();
  }

  @Entity(table = "widgets", adminApiName = "widgets-api", endpointKey = "name", ttl = true)
  record Widget(@Unique String name, @Auto @Nullable String secret) {}

  record NotAnEntity(String name) {}

  @Test
  void entity_records_become_consumer_owned_schemas() {
    Schema s = EntitySchemas.of(Widget.class, ConfigSchemas.Checks.NONE);
    assertThat(s.name()).isEqualTo("widgets");
    assertThat(s.adminApiName()).isEqualTo("widgets-api");
    assertThat(s.endpointKey()).isEqualTo("name");
    assertThat(s.ttl()).isTrue();
    assertThat(s.fields()).extracting(f -> f.name()).containsExactly("id", "created_at", "consumer", "name", "secret", "tags");
    assertThat(s.field("name").isUnique()).isTrue();
    assertThat(s.field("name").isRequired()).isTrue();
    assertThat(s.field("secret").isAuto()).isTrue();
    assertThat(s.field("secret").isRequired()).isFalse();
    assertThatThrownBy(() -> EntitySchemas.of(NotAnEntity.class, ConfigSchemas.Checks.NONE))
        .hasMessageContaining("@Entity");
  }
}
