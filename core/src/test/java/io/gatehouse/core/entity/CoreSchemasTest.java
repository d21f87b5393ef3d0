package io.gatehouse.core.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven checks of Kong's entity rules (reference kong-core.md §1) without any server. */
class CoreSchemasTest {
  static final SchemaRegistry REGISTRY = CoreEntities.registry(new PluginCatalog());
  static final EntityProcessor PROCESSOR =
      new EntityProcessor(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC));

  static Schema schema(String name) {
    return REGISTRY.table(name).orElseThrow();
  }

  static ObjectNode insert(String table, String json) {
    return PROCESSOR.insert(schema(table), (ObjectNode) Json.parse(json));
  }

  static String violation(String table, String json) {
    try {
      insert(table, json);
    } catch (KongException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a schema violation for " + json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // url | protocol | host | port | path ("null" = JSON null)
      "http://example.test | http | example.test | 80 | null",
      "http://example.test/ | http | example.test | 80 | /",
      "https://example.test | https | example.test | 443 | null",
      "grpcs://example.test | grpcs | example.test | 80 | null",
      "http://example.test:8080/a/b | http | example.test | 8080 | /a/b",
      "https://10.0.0.1:8443/x | https | 10.0.0.1 | 8443 | /x"})
  void url_shorthand_expands_as_kong_does(String url, String protocol, String host, int port, String path) { // §1.1
    ObjectNode s = insert("services", "{\"url\":\"" + url + "\"}");
    assertThat(s.get("protocol").asText()).isEqualTo(protocol);
    assertThat(s.get("host").asText()).isEqualTo(host);
    assertThat(s.get("port").asInt()).isEqualTo(port);
    assertThat(s.get("path").isNull() ? "null" : s.get("path").asText()).isEqualTo(path);
    assertThat(s.has("url")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.1 | 10.0.0.1:8000",
      "10.0.0.1:80 | 10.0.0.1:80",
      "konghq.test | konghq.test:8000",
      "::1 | [::1]:8000",
      "[::1]:81 | [::1]:81"})
  void targets_are_normalized_with_port_8000(String in, String out) { // §1.7
    assertThat(TargetSchema.normalize(in)).isEqualTo(out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // input | algorithm | hash_on
      "{\"name\":\"u.test\"} | round-robin | none",
      "{\"name\":\"u.test\",\"hash_on\":\"ip\"} | consistent-hashing | ip",
      "{\"name\":\"u.test\",\"algorithm\":\"consistent-hashing\",\"hash_on\":\"none\"} | round-robin | none",
      "{\"name\":\"u.test\",\"algorithm\":\"least-connections\"} | least-connections | none",
      "{\"name\":\"u.test\",\"algorithm\":\"latency\",\"hash_on\":\"ip\"} | latency | none"})
  void upstream_algorithm_quirks(String json, String algorithm, String hashOn) { // §1.6 shorthand quirks
    ObjectNode u = insert("upstreams", json);
    assertThat(u.get("algorithm").asText()).isEqualTo(algorithm);
    assertThat(u.get("hash_on").asText()).isEqualTo(hashOn);
  }

  @Test
  void defaults_auto_fields_and_field_order() {
    ObjectNode r = insert("routes", "{\"paths\":[\"/a\"],\"methods\":[\"GET\",\"GET\"]}");
    assertThat(r.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(r.get("created_at").asLong()).isEqualTo(1_700_000_000L);
    assertThat(r.get("methods").toString()).as("sets de-duplicate").isEqualTo("[\"GET\"]");
    assertThat(r.fieldNames().next()).isEqualTo("id");
    ObjectNode t = insert("targets", "{\"target\":\"a.test\",\"upstream\":{\"id\":\"" + java.util.UUID.randomUUID() + "\"}}");
    assertThat(t.get("created_at").asDouble()).as("targets keep milliseconds").isEqualTo(1_700_000_000.123);
    // Kong writes target timestamps as cjson does (1700000000.123), also after a store round trip
    assertThat(Json.write(t)).contains("\"created_at\":1700000000.123");
    assertThat(Json.write(Json.parse(Json.write(t)))).contains("\"updated_at\":1700000000.123");
  }

  @Test
  void messages_join_entity_errors_first_then_sorted_fields() { // §2.6
    assertThat(violation("services", "{\"port\":\"x\",\"foo\":1}"))
        .isEqualTo("3 schema violations (foo: unknown field; host: required field missing; port: expected an integer)");
    assertThat(violation("routes", "{\"protocols\":[\"http\",\"nope\"]}"))
        .isEqualTo("schema violation (protocols.2: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp)");
  }

  @Test
  void patch_merges_records_and_keeps_id_and_created_at() {
    ObjectNode u = insert("upstreams", "{\"name\":\"m.test\"}");
    ObjectNode patched = PROCESSOR.update(schema("upstreams"), u,
        (ObjectNode) Json.parse("{\"healthchecks\":{\"active\":{\"healthy\":{\"interval\":5}}}}"));
    assertThat(patched.at("/healthchecks/active/healthy/interval").asInt()).isEqualTo(5);
    assertThat(patched.at("/healthchecks/active/healthy/successes").asInt()).as("siblings kept").isZero();
    assertThat(patched.get("id")).isEqualTo(u.get("id"));
    assertThat(patched.get("created_at")).isEqualTo(u.get("created_at"));
  }

  @Test
  void route_protocol_rules() { // §1.2 protocol table
    assertThat(violation("routes", "{\"protocols\":[\"tcp\"]}"))
        .isEqualTo("schema violation (must set one of 'sources', 'destinations', 'snis' when 'protocols' is 'tcp', 'tls' or 'udp')");
    assertThat(violation("routes", "{\"protocols\":[\"tcp\"],\"sources\":[{\"ip\":\"10.0.0.0/8\"}],\"paths\":[\"/x\"]}"))
        .isEqualTo("schema violation (cannot set 'paths' when 'protocols' is 'tcp', 'tls', 'tls_passthrough' or 'udp')");
    assertThat(violation("routes", "{\"protocols\":[\"grpc\"],\"paths\":[\"/x\"],\"strip_path\":true}"))
        .isEqualTo("schema violation (cannot set 'strip_path' when 'protocols' is 'grpc' or 'grpcs')");
    assertThat(violation("routes", "{\"protocols\":[\"tls_passthrough\"]}"))
        .isEqualTo("schema violation (must set snis when 'protocols' is 'tls_passthrough')");
    assertThatThrownBy(() -> insert("routes", "{\"sources\":[{}],\"protocols\":[\"tcp\"]}"))
        .isInstanceOf(KongException.class);
  }

  // Kong 3.9 targets.lua validate_target + tools/ip hostname_type: digits-and-dots names are IPv4
  @ParameterizedTest
  @CsvSource({"123", "1.2.3", "999.1.1.1", "123:80"})
  void targets_that_look_like_bad_ipv4_are_rejected(String target) {
    assertThat(violation("targets", "{\"target\":\"" + target + "\",\"upstream\":{\"id\":\"" + java.util.UUID.randomUUID() + "\"}}"))
        .isEqualTo("schema violation (target: Invalid target ('" + target + "'); not a valid hostname or ip address)");
  }

  // Kong 3.9 routes_subschemas.lua: the grpc subschema's strip_path has default = false
  @Test
  void grpc_routes_default_strip_path_to_false() {
    assertThat(insert("routes", "{\"protocols\":[\"grpc\",\"grpcs\"],\"paths\":[\"/g\"]}").get("strip_path").asBoolean()).isFalse();
    assertThat(insert("routes", "{\"protocols\":[\"http\"],\"paths\":[\"/g\"]}").get("strip_path").asBoolean()).isTrue();
  }

  // Kong 3.9 upstreams.lua entity_checks: conditionals on hash_on with one_of lists for hash_fallback
  @Test
  void upstream_hash_fallback_uses_kongs_conditionals() {
    assertThat(violation("upstreams", "{\"name\":\"h.test\",\"hash_on\":\"ip\",\"hash_fallback\":\"ip\"}"))
        .isEqualTo("2 schema violations (failed conditional validation given value of field 'hash_on'; "
            + "hash_fallback: expected one of: none, consumer, header, cookie, path, query_arg, uri_capture)");
    assertThat(violation("upstreams", "{\"name\":\"h.test\",\"hash_on\":\"consumer\",\"hash_fallback\":\"consumer\"}"))
        .isEqualTo("2 schema violations (failed conditional validation given value of field 'hash_on'; "
            + "hash_fallback: expected one of: none, ip, header, cookie, path, query_arg, uri_capture)");
    assertThat(violation("upstreams", "{\"name\":\"h.test\",\"hash_on\":\"cookie\",\"hash_on_cookie\":\"c\",\"hash_fallback\":\"ip\"}"))
        .isEqualTo("2 schema violations (failed conditional validation given value of field 'hash_on'; "
            + "hash_fallback: expected one of: none)");
  }
}
