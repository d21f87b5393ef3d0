package io.gatehouse.admin;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.admin.testing.TestAdmin;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 21: differences found by real files and clients (Kong Manager, ingress controller), fixed to Kong 3.9. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestAdmin.StoreKind.class)
class KongDropInIT {
  static TestAdmin gw;
  static AdminClient api;

  @Parameter TestAdmin.StoreKind storeKind;

  @BeforeParameterizedClassInvocation
  static void start(TestAdmin.StoreKind kind) throws Exception {
    gw = new TestAdmin(kind);
    api = gw.client;
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gw.close();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // Kong 3.9 api/routes/kong.lua: enabled_in_cluster = distinct names of kong.db.plugins:each()
  @Test
  void enabled_in_cluster_lists_the_distinct_configured_plugins() {
    String svc = unique("svc");
    api.post("/services", "{\"name\":\"" + svc + "\",\"host\":\"a.test\"}");
    assertThat(api.post("/plugins", "{\"name\":\"dummy\",\"service\":{\"name\":\"" + svc + "\"}}").status()).isEqualTo(201);
    assertThat(api.post("/plugins", "{\"name\":\"dummy\"}").status()).isEqualTo(201);
    JsonNode enabled = api.get("/").json().at("/plugins/enabled_in_cluster");
    assertThat(enabled.toString()).isEqualTo("[\"dummy\"]");
    assertThat(api.get("/").json().at("/plugins/available_on_server").has("dummy-no-consumer")).isTrue();
  }

  // Kong 3.9 targets.lua validate_target: digits-and-dots names must be valid IPv4 addresses
  @ParameterizedTest
  @ValueSource(strings = {"123", "1.2.3", "999.1.1.1"})
  void invalid_ipv4_shaped_targets_are_rejected(String target) {
    String up = unique("up") + ".test";
    api.post("/upstreams", "{\"name\":\"" + up + "\"}");
    Resp r = api.post("/upstreams/" + up + "/targets", "{\"target\":\"" + target + "\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/fields/target").asText()).isEqualTo("Invalid target ('" + target + "'); not a valid hostname or ip address");
  }

  // Kong writes targets' auto_timestamp_ms as cjson numbers: 1796395674.643, not 1.796395674643E9
  @Test
  void target_timestamps_are_plain_decimals() {
    String up = unique("up") + ".test";
    api.post("/upstreams", "{\"name\":\"" + up + "\"}");
    String created = api.post("/upstreams/" + up + "/targets", "{\"target\":\"10.0.0.9\"}").text();
    assertThat(created).matches(".*\"created_at\":\\d{10}(\\.\\d{1,3})?[,}].*");
    String listed = api.get("/upstreams/" + up + "/targets").text();
    assertThat(listed).matches(".*\"updated_at\":\\d{10}(\\.\\d{1,3})?[,}].*").doesNotContain("E9");
  }

  // Kong 3.9 typedefs.auto_timestamp_s: schema output carries timestamp = true
  @Test
  void timestamps_in_schemas_carry_timestamp_true() {
    String plugin = api.get("/schemas/plugins/dummy").json().toString();
    assertThat(plugin).contains("{\"created_at\":{\"type\":\"integer\",\"timestamp\":true,\"auto\":true");
    assertThat(plugin).contains("{\"updated_at\":{\"type\":\"integer\",\"timestamp\":true,\"auto\":true");
    assertThat(api.get("/schemas/targets").json().toString()).contains("{\"created_at\":{\"type\":\"number\",\"timestamp\":true");
  }

  // Kong 3.9 upstreams.lua: conditional entity checks on hash_on, with one_of messages
  @Test
  void hash_fallback_equal_to_hash_on_gets_kongs_conditional_message() {
    Resp r = api.post("/upstreams", "{\"name\":\"" + unique("h") + ".test\",\"hash_on\":\"ip\",\"hash_fallback\":\"ip\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("2 schema violations (failed conditional validation given value of field 'hash_on'; "
        + "hash_fallback: expected one of: none, consumer, header, cookie, path, query_arg, uri_capture)");
    assertThat(r.json().at("/fields/@entity/0").asText()).isEqualTo("failed conditional validation given value of field 'hash_on'");
  }

  // Kong 3.9 routes_subschemas.lua: grpc subschema strip_path default = false
  @Test
  void grpc_route_without_strip_path_is_accepted_with_false() {
    Resp r = api.post("/routes", "{\"protocols\":[\"grpc\",\"grpcs\"],\"paths\":[\"/" + unique("g") + "\"]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("strip_path").asBoolean()).isFalse();
  }

  // Kong 3.9 vaults entity: /vaults by id or prefix, /schemas/vaults/{name}, /schemas/vaults/validate
  @Test
  void vaults_are_a_core_entity() {
    String prefix = unique("team");
    Resp created = api.post("/vaults", "{\"prefix\":\"" + prefix + "\",\"name\":\"env\",\"config\":{\"prefix\":\"TEAM_\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().at("/config/prefix").asText()).isEqualTo("TEAM_");
    assertThat(created.json().at("/config/ttl").isNull()).isTrue();
    assertThat(api.get("/vaults/" + prefix).json().get("id").asText()).isEqualTo(created.json().get("id").asText());
    assertThat(api.json("PATCH", "/vaults/" + prefix, "{\"description\":\"team a\"}").json().get("description").asText()).isEqualTo("team a");
    Resp dup = api.post("/vaults", "{\"prefix\":\"" + prefix + "\",\"name\":\"env\"}");
    assertThat(dup.status()).isEqualTo(409);
    Resp notInstalled = api.post("/vaults", "{\"prefix\":\"" + unique("x") + "\",\"name\":\"aws\"}");
    assertThat(notInstalled.json().at("/fields/name").asText()).isEqualTo("vault 'aws' is not installed");
    Resp schema = api.get("/schemas/vaults/env");
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.json().at("/fields/0/config/type").asText()).isEqualTo("record");
    assertThat(schema.json().at("/fields/0/config/fields").toString()).contains("\"prefix\"", "\"ttl\"", "\"neg_ttl\"", "\"resurrect_ttl\"");
    assertThat(api.get("/schemas/vaults/file").json().at("/fields/0/config/fields").toString()).contains("\"directory\"");
    assertThat(api.get("/schemas/vaults/aws").message()).isEqualTo("No vault named 'aws'");
    assertThat(api.get("/schemas/vaults").json().get("fields").toString()).contains("\"prefix\"");
    assertThat(api.post("/schemas/vaults/validate", "{\"prefix\":\"ok-vault\",\"name\":\"env\"}").message())
        .isEqualTo("schema validation successful");
    assertThat(api.post("/schemas/vaults/validate", "{\"prefix\":\"env\",\"name\":\"env\"}").status()).isEqualTo(400);
    assertThat(api.delete("/vaults/" + prefix).status()).isEqualTo(204);
  }

  // Kong 3.9: a certificate's cert/key are referenceable; a reference skips the PEM checks until resolved
  @Test
  void certificates_accept_vault_references() {
    Resp r = api.post("/certificates", "{\"cert\":\"{vault://env/tls-cert}\",\"key\":\"{vault://env/tls-key}\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("cert").asText()).isEqualTo("{vault://env/tls-cert}");
    assertThat(api.post("/certificates", "{\"cert\":\"not a pem\",\"key\":\"{vault://env/tls-key}\"}").status()).isEqualTo(400);
  }

  // Kong 3.9 api/routes/plugins.lua: deprecated /plugins/schema/{name} answers the config record only
  @Test
  void plugins_schema_name_answers_the_config_record() {
    Resp r = api.get("/plugins/schema/dummy");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("type").asText()).isEqualTo("record");
    assertThat(r.json().get("fields").toString()).contains("\"minute\"");
    assertThat(api.get("/plugins/schema/nope").message()).isEqualTo("No plugin named 'nope'");
  }
}
