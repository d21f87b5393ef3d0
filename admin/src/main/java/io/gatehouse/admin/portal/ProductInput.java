package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.store.EntityReads;
import io.gatehouse.store.portal.ApiProduct;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A product's input ({@code POST /portal/products}, a {@code PATCH}, an entry of
 * {@code _gatehouse_products}) read field by field: each reader answers the value and puts what is
 * wrong with it in {@code errors} (Kong's schema violation {@code fields}).
 */
final class ProductInput {
  private static final Set<String> FIELDS = Set.of("name", "description", "version", "service_ids", "route_ids",
      "openapi", "openapi_url", "plans", "auto_approve", "auth");
  private static final List<String> AUTH_KINDS = List.of(ApiProduct.KEY_AUTH, ApiProduct.OAUTH2);

  private ProductInput() {}

  /** The fields every product input shares (all but the service and route lists), checked. */
  static void checkFields(ObjectNode in, ObjectNode errors) {
    unknownFields(in, errors);
    text(in, "name", errors, true);
    plans(in.get("plans"), errors);
    bool(in, "auto_approve", false, errors);
    text(in, "description", errors, false);
    text(in, "version", errors, false);
    document(in, errors);
    source(in, errors);
    auth(in, errors);
  }

  static void unknownFields(ObjectNode in, ObjectNode errors) {
    in.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) errors.put(f, "unknown field");
    });
  }

  static List<Plan> plans(JsonNode node, ObjectNode errors) {
    try {
      return Plan.parse(node);
    } catch (IllegalArgumentException e) {
      errors.put("plans", e.getMessage());
      return List.of();
    }
  }

  static String text(ObjectNode in, String field, ObjectNode errors, boolean required) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      if (required) errors.put(field, "required field missing");
      return null;
    }
    if (!v.isTextual() || (required && v.asText().isBlank())) {
      errors.put(field, required ? "expected a non-empty string" : "expected a string");
      return null;
    }
    return v.asText();
  }

  /** The {@code openapi} text, which must read as an OpenAPI or Swagger document (JSON or YAML). */
  static String document(ObjectNode in, ObjectNode errors) {
    String text = text(in, "openapi", errors, false);
    if (text != null && OpenApiOutline.read(text) == null) {
      errors.put("openapi", "expected an OpenAPI document (a JSON or YAML object with 'openapi' or 'swagger')");
    }
    return text;
  }

  /** The {@code openapi_url}, which excludes {@code openapi} text in the same request. */
  static String source(ObjectNode in, ObjectNode errors) {
    String url = text(in, "openapi_url", errors, false);
    if (url != null && url.isBlank()) {
      errors.put("openapi_url", "expected a URL or a path on the product's service");
      return null;
    }
    if (url != null && in.hasNonNull("openapi")) {
      errors.put("openapi_url", "give the document (openapi) or where to fetch it from (openapi_url), not both");
    }
    return url;
  }

  /** How the product's callers authenticate: {@code key-auth} (absent or null) or {@code oauth2}. */
  static String auth(ObjectNode in, ObjectNode errors) {
    JsonNode v = in.get("auth");
    if (v == null || v.isNull()) return ApiProduct.KEY_AUTH;
    if (!v.isTextual() || !AUTH_KINDS.contains(v.asText())) {
      errors.put("auth", "expected one of: " + String.join(", ", AUTH_KINDS));
      return ApiProduct.KEY_AUTH;
    }
    return v.asText();
  }

  static boolean bool(ObjectNode in, String field, boolean fallback, ObjectNode errors) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) return fallback;
    if (v.isBoolean()) return v.asBoolean();
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) return Boolean.parseBoolean(v.asText());
    errors.put(field, "expected a boolean");
    return fallback;
  }

  /** Service or route ids or names, resolved to ids in {@code entities}. */
  static List<String> refs(EntityReads entities, ObjectNode in, String field, String table, ObjectNode errors) {
    JsonNode v = in.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) return out;
    if (!v.isArray()) {
      errors.put(field, "expected an array of " + table + " ids or names");
      return out;
    }
    for (JsonNode ref : v) {
      if (!ref.isTextual()) {
        errors.put(field, "expected an array of " + table + " ids or names");
        return out;
      }
      String idOrName = ref.asText();
      Optional<ObjectNode> found = EntityProcessor.isUuid(idOrName)
          ? entities.get(table, idOrName.toLowerCase(java.util.Locale.ROOT)) : entities.findByUnique(table, "name", idOrName);
      if (found.isEmpty()) {
        errors.put(field, "no " + table.substring(0, table.length() - 1) + " with id or name '" + idOrName + "'");
      } else if (!out.contains(found.get().get("id").asText())) {
        out.add(found.get().get("id").asText());
      }
    }
    return out;
  }
}
