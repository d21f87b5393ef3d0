package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.expr.RouterFlavor;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Kong's {@code routes} entity (reference §1.2), including its protocol-dependent rules. */
public final class RouteSchema {
  private RouteSchema() {}

  /** Kong's upper bound of an expression route's {@code priority}: 2^46 - 1. */
  static final long MAX_PRIORITY = (1L << 46) - 1;

  /** The routes schema of the {@code traditional_compatible} flavor (Kong's default). */
  public static Schema create() {
    return create(RouterFlavor.TRADITIONAL_COMPATIBLE);
  }

  /** The routes schema of a router flavor: {@code expressions} adds {@code expression} and {@code priority}. */
  public static Schema create(RouterFlavor flavor) {
    boolean expressions = flavor == RouterFlavor.EXPRESSIONS;
    Field endpoint = Field.record("",
        Field.string("ip").check(v -> IpCidr.error(v.asText())),
        port("port"));
    endpoint.recordCheck(EntityCheck.atLeastOneOf("ip", "port"));
    List<Field> fields = new ArrayList<>(List.of(
            id(),
            createdAt(),
            updatedAt(),
            utf8Name("name"),
            Field.set("protocols", protocol("").required()).required().lenMin(1).defaultValue(List.of("http", "https")),
            Field.integer("https_redirect_status_code").required().oneOf(426, 301, 302, 307, 308).defaultValue(426),
            Field.bool("strip_path").required().defaultValue(true),
            Field.bool("preserve_host").required().defaultValue(false),
            Field.bool("request_buffering").required().defaultValue(true),
            Field.bool("response_buffering").required().defaultValue(true),
            tags(),
            Field.foreign("service", "services", OnDelete.RESTRICT),
            Field.set("snis", Field.element(Field.Type.STRING).check(Typedefs::wildcardHost)),
            Field.set("sources", endpoint),
            Field.set("destinations", endpoint),
            Field.set("methods", Field.element(Field.Type.STRING).check(httpMethod())),
            Field.array("hosts", Field.element(Field.Type.STRING).check(Typedefs::routeHost)),
            Field.array("paths", Field.element(Field.Type.STRING).check(Typedefs::routerPath)),
            Field.map("headers",
                Field.element(Field.Type.STRING).check(headerName()).check(RouteSchema::notHost),
                Field.array("", Field.element(Field.Type.STRING)).lenMin(1)),
            Field.integer("regex_priority").defaultValue(0),
            Field.string("path_handling").oneOf("v0", "v1").defaultValue("v0")));
    if (expressions) {
      fields.add(Field.string("expression"));
      fields.add(Field.integer("priority").between(0, MAX_PRIORITY).required().defaultValue(0));
    }
    Schema.Builder builder = Schema.builder("routes")
        .endpointKey("name")
        .fields(fields.toArray(Field[]::new))
        .check(EntityCheck.custom(List.of("protocols", "methods", "hosts", "headers", "paths", "snis", "sources",
            "destinations", "expression"), (e, errors) -> protocolRules(e, errors, expressions)));
    if (expressions) {
      builder.check(EntityCheck.custom(List.of("protocols", "methods", "hosts", "headers", "paths", "snis", "sources",
          "destinations", "expression", "regex_priority", "priority"), RouteExpressionRules::check));
    }
    return builder
        .transformation(RouteSchema::grpcStripPathDefault)
        .build();
  }

  /** Kong's grpc route subschema defaults {@code strip_path} to false (routes_subschemas.lua). */
  static ObjectNode grpcStripPathDefault(ObjectNode e) {
    JsonNode strip = e.get("strip_path");
    if ((strip == null || strip.isNull()) && e.get("protocols") instanceof com.fasterxml.jackson.databind.node.ArrayNode p) {
      for (JsonNode x : p) {
        if (x.asText().equals("grpc") || x.asText().equals("grpcs")) {
          e.put("strip_path", false);
          break;
        }
      }
    }
    return e;
  }

  private static String notHost(JsonNode key) {
    return key.asText().equalsIgnoreCase("host")
        ? "cannot contain 'host' header, which must be specified in the 'hosts' attribute"
        : null;
  }

  private static boolean set(ObjectNode e, String field) {
    return !EntityCheck.isEmpty(e.get(field));
  }

  /** The rules of reference §1.2's protocol table, with Kong's exact messages. */
  static void protocolRules(ObjectNode e, EntityCheck.Errors errors) {
    protocolRules(e, errors, false);
  }

  /**
   * The rules of reference §1.2's protocol table; with the expressions flavor (Kong's
   * routes_subschemas.lua) http and grpc routes may set sources/destinations and
   * {@code expression} satisfies every "must set one of".
   */
  static void protocolRules(ObjectNode e, EntityCheck.Errors errors, boolean expressions) {
    Set<String> protocols = new HashSet<>();
    e.withArray("protocols").forEach(p -> protocols.add(p.asText()));
    List<Set<String>> groups = List.of(Set.of("http", "https"), Set.of("tcp", "tls", "udp"), Set.of("tls_passthrough"), Set.of("grpc", "grpcs"));
    int groupCount = 0;
    for (Set<String> g : groups) {
      if (g.stream().anyMatch(protocols::contains)) {
        groupCount++;
      }
    }
    if (groupCount > 1) {
      errors.entity("mixing http/https, tcp/tls/udp, tls_passthrough and grpc/grpcs protocols is not allowed");
      return;
    }
    if (protocols.contains("http") || protocols.contains("https")) {
      for (String f : expressions ? List.<String>of() : List.of("sources", "destinations")) {
        if (set(e, f)) {
          errors.entity("cannot set '" + f + "' when 'protocols' is 'http' or 'https'");
        }
      }
      if (!errors.isEmpty()) {
        return;
      }
      if (protocols.contains("https")) {
        requireOne(e, errors, withExpression(expressions, "methods", "hosts", "headers", "paths", "snis"), "'https'");
      } else {
        requireOne(e, errors, withExpression(expressions, "methods", "hosts", "headers", "paths"), "'http'");
        if (set(e, "snis")) {
          errors.entity("'snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or 'tls_passthrough'");
        }
      }
    } else if (protocols.contains("grpc") || protocols.contains("grpcs")) {
      for (String f : expressions ? List.of("methods") : List.of("methods", "sources", "destinations")) {
        if (set(e, f)) {
          errors.entity("cannot set '" + f + "' when 'protocols' is 'grpc' or 'grpcs'");
        }
      }
      if (e.path("strip_path").asBoolean(false)) {
        errors.entity("cannot set 'strip_path' when 'protocols' is 'grpc' or 'grpcs'");
      }
      if (!errors.isEmpty()) {
        return;
      }
      if (protocols.contains("grpcs")) {
        requireOne(e, errors, withExpression(expressions, "hosts", "headers", "paths", "snis"), "'grpcs'");
      } else {
        requireOne(e, errors, withExpression(expressions, "hosts", "headers", "paths"), "'grpc'");
      }
    } else {
      for (String f : List.of("methods", "hosts", "paths", "headers")) {
        if (set(e, f)) {
          errors.entity("cannot set '" + f + "' when 'protocols' is 'tcp', 'tls', 'tls_passthrough' or 'udp'");
        }
      }
      if (!errors.isEmpty()) {
        return;
      }
      if (protocols.contains("tls_passthrough")) {
        if (!set(e, "snis") && !(expressions && set(e, "expression"))) {
          errors.entity("must set snis when 'protocols' is 'tls_passthrough'");
        }
      } else {
        requireOne(e, errors, withExpression(expressions, "sources", "destinations", "snis"), "'tcp', 'tls' or 'udp'");
      }
    }
  }

  private static List<String> withExpression(boolean expressions, String... fields) {
    List<String> out = new ArrayList<>(List.of(fields));
    if (expressions) out.add("expression");
    return out;
  }

  private static void requireOne(ObjectNode e, EntityCheck.Errors errors, List<String> fields, String protocolText) {
    for (String f : fields) {
      if (set(e, f)) {
        return;
      }
    }
    List<String> quoted = new ArrayList<>();
    fields.forEach(f -> quoted.add("'" + f + "'"));
    errors.entity("must set one of " + String.join(", ", quoted) + " when 'protocols' is " + protocolText);
  }
}
