package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.util.List;

/** Kong's {@code upstreams} entity (reference §1.6) with the full {@code healthchecks} record. */
public final class UpstreamSchema {
  private static final Object[] HASH = {"none", "consumer", "ip", "header", "cookie", "path", "query_arg", "uri_capture"};

  private UpstreamSchema() {}

  public static Schema create() {
    return Schema.builder("upstreams")
        .endpointKey("name")
        .fields(
            id(),
            createdAt(),
            updatedAt(),
            Field.string("name").required().unique().check(v -> nameError(v.asText())),
            Field.string("algorithm").oneOf("consistent-hashing", "least-connections", "round-robin", "latency").defaultValue("round-robin"),
            Field.string("hash_on").oneOf(HASH).defaultValue("none"),
            Field.string("hash_fallback").oneOf(HASH).defaultValue("none"),
            Field.string("hash_on_header").check(headerName()),
            Field.string("hash_fallback_header").check(headerName()),
            Field.string("hash_on_cookie"),
            Field.string("hash_on_cookie_path").check(Typedefs::servicePath).defaultValue("/"),
            Field.string("hash_on_query_arg"),
            Field.string("hash_fallback_query_arg"),
            Field.string("hash_on_uri_capture"),
            Field.string("hash_fallback_uri_capture"),
            Field.integer("slots").between(10, 65536).defaultValue(10000),
            healthchecks(),
            tags(),
            hostWithOptionalPort("host_header"),
            Field.foreign("client_certificate", "certificates", OnDelete.RESTRICT),
            Field.bool("use_srv_name").defaultValue(false))
        .transformation(UpstreamSchema::algorithmQuirks)
        .check(requires("hash_on", "header", "hash_on_header"))
        .check(requires("hash_fallback", "header", "hash_fallback_header"))
        .check(requires("hash_on", "cookie", "hash_on_cookie"))
        .check(requires("hash_fallback", "cookie", "hash_on_cookie"))
        .check(requires("hash_on", "query_arg", "hash_on_query_arg"))
        .check(requires("hash_fallback", "query_arg", "hash_fallback_query_arg"))
        .check(requires("hash_on", "uri_capture", "hash_on_uri_capture"))
        .check(requires("hash_fallback", "uri_capture", "hash_fallback_uri_capture"))
        .check(EntityCheck.distinct("hash_on_header", "hash_fallback_header"))
        .check(EntityCheck.distinct("hash_on_query_arg", "hash_fallback_query_arg"))
        .check(EntityCheck.distinct("hash_on_uri_capture", "hash_fallback_uri_capture"))
        // Kong's conditionals in its order: fallback "none" after none/cookie, never equal to hash_on
        .check(fallbackOneOf("none", "none"))
        .check(fallbackOneOf("cookie", "none"))
        .check(fallbackOneOf("consumer", "none", "ip", "header", "cookie", "path", "query_arg", "uri_capture"))
        .check(fallbackOneOf("ip", "none", "consumer", "header", "cookie", "path", "query_arg", "uri_capture"))
        .check(fallbackOneOf("path", "none", "consumer", "header", "cookie", "query_arg", "ip", "uri_capture"))
        .build();
  }

  /** Kong: {@code if hash_on == hashOn then hash_fallback one_of allowed}, with its one_of message. */
  private static EntityCheck fallbackOneOf(String hashOn, String... allowed) {
    List<String> ok = List.of(allowed);
    return EntityCheck.conditional("hash_on", v -> v != null && hashOn.equals(v.asText()), "hash_fallback",
        v -> v == null || v.isNull() || ok.contains(v.asText()), "expected one of: " + String.join(", ", ok));
  }

  private static EntityCheck requires(String field, String value, String required) {
    return EntityCheck.conditional(field, v -> v != null && value.equals(v.asText()), required,
        v -> !EntityCheck.isNull(v), "required field missing");
  }

  /** Applied on every write, in Kong's order (reference §1.6 "Shorthand quirks"). */
  static ObjectNode algorithmQuirks(ObjectNode e) {
    String algorithm = e.path("algorithm").asText(null);
    if ("least-connections".equals(algorithm) || "latency".equals(algorithm)) {
      e.put("hash_on", "none");
    } else if (e.hasNonNull("hash_on")) {
      e.put("algorithm", "none".equals(e.get("hash_on").asText()) ? "round-robin" : "consistent-hashing");
    }
    return e;
  }

  static String nameError(String name) {
    if (isIp(name)) {
      return "Invalid name ('" + name + "'); no ip addresses allowed";
    }
    if (name.contains(":")) {
      return "Invalid name ('" + name + "'); no port allowed";
    }
    return isHostname(name) ? null : "Invalid name ('" + name + "'); must be a valid hostname";
  }

  private static Field statuses(String name, Integer... defaults) {
    return Field.array(name, Field.element(Field.Type.INTEGER).between(100, 999)).defaultValue(List.of(defaults));
  }

  private static Field counter(String name) {
    return Field.integer(name).between(0, 255).defaultValue(0);
  }

  private static Field seconds(String name, int dflt) {
    return Field.number(name).between(0, 65535).defaultValue(dflt);
  }

  static Field healthchecks() {
    Field active = Field.record("active",
        Field.string("type").oneOf("tcp", "http", "https", "grpc", "grpcs").defaultValue("http"),
        seconds("timeout", 1),
        Field.integer("concurrency").between(1, 2147483648L).defaultValue(10),
        Field.string("http_path").check(Typedefs::servicePath).defaultValue("/"),
        Field.string("https_sni").check(v -> hostError(v.asText(), false)),
        Field.bool("https_verify_certificate").defaultValue(true),
        Field.map("headers", Field.element(Field.Type.STRING).check(headerName()), Field.array("", Field.element(Field.Type.STRING))),
        Field.record("healthy", seconds("interval", 0), statuses("http_statuses", 200, 302), counter("successes")),
        Field.record("unhealthy", seconds("interval", 0),
            statuses("http_statuses", 429, 404, 500, 501, 502, 503, 504, 505),
            counter("tcp_failures"), counter("timeouts"), counter("http_failures")));
    Field passive = Field.record("passive",
        Field.string("type").oneOf("tcp", "http", "https", "grpc", "grpcs").defaultValue("http"),
        Field.record("healthy",
            statuses("http_statuses", 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308),
            counter("successes")),
        Field.record("unhealthy", statuses("http_statuses", 429, 500, 503),
            counter("tcp_failures"), counter("timeouts"), counter("http_failures")));
    return Field.record("healthchecks", active, passive, Field.number("threshold").between(0, 100).defaultValue(0));
  }
}
