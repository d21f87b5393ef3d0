package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A product's plan: a name and its rate-limit tier, in {@code rate-limiting}'s own window names
 * ({@code second}, {@code minute}, {@code hour}, {@code day}, {@code month}, {@code year}). A plan
 * with no limit is unlimited (no rate-limiting plugin is written for it).
 */
record Plan(String name, Map<String, Long> limits) {
  static final List<String> WINDOWS = List.of("second", "minute", "hour", "day", "month", "year");
  /** The plan of a product created without plans. */
  static final Plan UNLIMITED = new Plan("default", Map.of());

  Plan {
    limits = Map.copyOf(limits);
  }

  /**
   * The plans of a product input ({@code [{"name":"gold","minute":100}]}); null or absent is one
   * unlimited plan. Errors are described by message for the caller's field error.
   */
  static List<Plan> parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of(UNLIMITED);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty array of plans");
    }
    List<Plan> out = new ArrayList<>();
    for (JsonNode p : node) {
      if (!p.isObject() || !p.path("name").isTextual() || p.path("name").asText().isBlank()) {
        throw new IllegalArgumentException("each plan needs a name (a string)");
      }
      Map<String, Long> limits = new LinkedHashMap<>();
      for (var it = p.fieldNames(); it.hasNext();) {
        String f = it.next();
        if (f.equals("name")) continue;
        if (!WINDOWS.contains(f)) {
          throw new IllegalArgumentException("plan '" + p.get("name").asText() + "': unknown field '" + f
              + "' (expected name and any of " + String.join(", ", WINDOWS) + ")");
        }
        JsonNode v = p.get(f);
        if (!v.isNull()) {
          if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0) {
            throw new IllegalArgumentException("plan '" + p.get("name").asText() + "': " + f + " must be a positive integer");
          }
          limits.put(f, v.asLong());
        }
      }
      Plan plan = new Plan(p.get("name").asText(), limits);
      if (out.stream().anyMatch(o -> o.name().equals(plan.name()))) {
        throw new IllegalArgumentException("plan '" + plan.name() + "' is given twice");
      }
      out.add(plan);
    }
    return out;
  }

  static ArrayNode toJson(List<Plan> plans) {
    ArrayNode a = Json.array();
    for (Plan p : plans) {
      ObjectNode o = a.addObject().put("name", p.name());
      for (String w : WINDOWS) {
        if (p.limits().containsKey(w)) o.put(w, p.limits().get(w));
      }
    }
    return a;
  }

  /** The rate-limiting plugin config of this tier. */
  ObjectNode rateLimitingConfig() {
    ObjectNode c = Json.object();
    limits.forEach(c::put);
    return c;
  }
}
