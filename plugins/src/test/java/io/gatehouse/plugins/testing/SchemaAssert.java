package io.gatehouse.plugins.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import java.util.List;

/**
 * For SDK ports: a derived schema equals the hand-written one it replaces, rendering and
 * entity-level checks alike (the same messages, in the same places, for the same inputs).
 */
public final class SchemaAssert {
  private SchemaAssert() {}

  /** Same rendering, and the same errors from the record checks for each of these config objects. */
  public static void sameConfig(Field derived, Field before, String... configs) {
    assertThat(derived.describe()).isEqualTo(before.describe());
    for (String c : configs) {
      assertThat(errors(derived.recordChecks(), c)).as(c).isEqualTo(errors(before.recordChecks(), c));
    }
  }

  /** Same rendering, table and endpoints, and the same errors from the entity checks for each row. */
  public static void sameEntity(Schema derived, Schema before, String... rows) {
    assertThat(derived.describe()).isEqualTo(before.describe());
    assertThat(derived.name()).isEqualTo(before.name());
    assertThat(derived.adminApiName()).isEqualTo(before.adminApiName());
    assertThat(derived.nestedName()).isEqualTo(before.nestedName());
    assertThat(derived.endpointKey()).isEqualTo(before.endpointKey());
    assertThat(derived.ttl()).isEqualTo(before.ttl());
    assertThat(derived.table()).isEqualTo(before.table());
    for (Field f : before.fields()) {
      Field d = derived.field(f.name());
      assertThat(d).as(f.name()).isNotNull();
      assertThat(d.isUnique()).as(f.name()).isEqualTo(f.isUnique());
      assertThat(d.isAuto()).as(f.name()).isEqualTo(f.isAuto());
    }
    for (String r : rows) {
      assertThat(errors(derived.checks(), r)).as(r).isEqualTo(errors(before.checks(), r));
    }
  }

  /** What a config's record checks report: {@code {"config":{…},"root":{…}}}. */
  public static String configErrors(Field config, String json) {
    return errors(config.recordChecks(), json);
  }

  /** What an entity's checks report on a row. */
  public static String entityErrors(Schema schema, String json) {
    return errors(schema.checks(), json);
  }

  /** The errors tree of a config and its enclosing plugin, as the validator reports them. */
  private static String errors(List<EntityCheck> checks, String json) {
    ObjectNode tree = Json.object();
    ObjectNode root = Json.object();
    EntityCheck.Errors errors = new EntityCheck.Errors(tree, root);
    ObjectNode value = (ObjectNode) Json.parse(json);
    checks.forEach(c -> c.check(value, errors));
    return Json.object().<ObjectNode>set("config", tree).set("root", root).toString();
  }
}
