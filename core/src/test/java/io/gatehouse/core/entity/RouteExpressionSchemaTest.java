package io.gatehouse.core.entity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.expr.RouterFlavor;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.vault.Vaults;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Kong 3.9 routes.lua / routes_subschemas.lua rules for {@code router_flavor = expressions}. */
class RouteExpressionSchemaTest {
  static final EntityProcessor PROCESSOR = new EntityProcessor(Clock.systemUTC());

  static Schema routes(RouterFlavor flavor) {
    return CoreEntities.registry(new PluginCatalog(), Vaults.bundled(k -> null), flavor).table("routes").orElseThrow();
  }

  static ObjectNode insert(RouterFlavor flavor, String json) {
    return PROCESSOR.insert(routes(flavor), (ObjectNode) Json.parse(json));
  }

  static String violation(RouterFlavor flavor, String json) {
    try {
      insert(flavor, json);
    } catch (KongException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a schema violation for " + json);
  }

  @Test
  void expression_routes_are_accepted_with_priority_defaulting_to_zero() {
    ObjectNode r = insert(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.path ^= \\\"/a\\\"\"}");
    assertThat(r.get("expression").asText()).isEqualTo("http.path ^= \"/a\"");
    assertThat(r.get("priority").asLong()).isZero();
    assertThat(insert(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.method == \\\"GET\\\"\",\"priority\":7}")
        .get("priority").asLong()).isEqualTo(7);
  }

  @Test
  void traditional_routes_still_work_in_the_expressions_flavor() {
    assertThat(insert(RouterFlavor.EXPRESSIONS, "{\"paths\":[\"/a\"]}").get("paths").get(0).asText()).isEqualTo("/a");
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"protocols\":[\"http\"]}"))
        .contains("must set one of 'methods', 'hosts', 'headers', 'paths', 'expression' when 'protocols' is 'http'");
  }

  @Test
  void other_flavors_keep_the_fields_unknown() {
    assertThat(violation(RouterFlavor.TRADITIONAL_COMPATIBLE, "{\"expression\":\"http.path == \\\"/\\\"\",\"priority\":1}"))
        .contains("expression: unknown field").contains("priority: unknown field");
  }

  @Test
  void kong_rules_and_messages() {
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.path == \\\"/\\\"\",\"paths\":[\"/a\"]}"))
        .contains("Router Expression failed validation: cannot set 'expression' with 'methods', 'hosts', 'paths', "
            + "'headers', 'snis', 'sources' or 'destinations' simultaneously");
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.path == \\\"/\\\"\",\"regex_priority\":2}"))
        .contains("Router Expression failed validation: cannot set 'regex_priority' with 'expression' simultaneously");
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"paths\":[\"/a\"],\"priority\":2}"))
        .contains("Router Expression failed validation: cannot set 'priority' with");
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.path = \\\"/\\\"\"}"))
        .contains("Router Expression failed validation: syntax error at position 11");
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.path == 1\"}"))
        .contains("Router Expression failed validation: Type mismatch between the LHS and RHS values of predicate");
    assertThat(violation(RouterFlavor.EXPRESSIONS, "{\"expression\":\"http.path == \\\"/\\\"\",\"priority\":-1}"))
        .contains("priority");
  }
}
