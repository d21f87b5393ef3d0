package io.gatehouse.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.expr.ExpressionException;
import io.gatehouse.core.expr.ExpressionSchema;
import io.gatehouse.core.schema.EntityCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Kong 3.9's routes.lua {@code validate_route} for the expressions flavor: a route uses either
 * {@code expression} (with {@code priority}) or the traditional fields (with {@code regex_priority}),
 * and its expression must parse and type-check.
 */
final class RouteExpressionRules {
  private static final String PREFIX = "Router Expression failed validation: ";
  private static final String TRADITIONAL =
      "'methods', 'hosts', 'paths', 'headers', 'snis', 'sources' or 'destinations'";

  private RouteExpressionRules() {}

  static void check(ObjectNode e, EntityCheck.Errors errors) {
    JsonNode expression = e.get("expression");
    boolean hasExpression = expression != null && !expression.isNull();
    boolean hasTraditional = false;
    for (String f : List.of("snis", "sources", "destinations", "methods", "hosts", "paths", "headers")) {
      hasTraditional |= !EntityCheck.isEmpty(e.get(f));
    }
    if (!hasExpression && !hasTraditional) return;
    if (hasExpression && hasTraditional) {
      errors.entity(PREFIX + "cannot set 'expression' with " + TRADITIONAL + " simultaneously");
      return;
    }
    if (hasExpression && e.path("regex_priority").asLong(0) != 0) {
      errors.entity(PREFIX + "cannot set 'regex_priority' with 'expression' simultaneously");
      return;
    }
    if (hasTraditional && e.path("priority").asLong(0) != 0) {
      errors.entity(PREFIX + "cannot set 'priority' with " + TRADITIONAL + " simultaneously");
      return;
    }
    if (!hasExpression) return;
    List<String> protocols = new ArrayList<>();
    e.path("protocols").forEach(p -> protocols.add(p.asText()));
    try {
      ExpressionSchema.forProtocols(protocols).compile(expression.asText());
    } catch (ExpressionException ex) {
      errors.entity(PREFIX + ex.getMessage());
    }
  }
}
