package io.gatehouse.app;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Plugin-owned entities through the real Admin API of a whole node (SQLite store), and what the
 * proxy then does with them: {@code /key-auths}, {@code /basic-auths}, {@code /acls},
 * {@code /consumers/{c}/acls/{group}}, {@code /jwts}, credential {@code ttl}, cascade deletes with
 * the consumer, and Kong's exact schema-violation text for bad plugin config (reference plugins
 * §1.5, §3–§5, §7).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class PluginEntitiesAdminIT {
  static Path prefix;
  static WholeNode gw;
  static AdminClient admin;

  @Parameter StoreKind storeKind;

  @BeforeParameterizedClassInvocation
  static void start(StoreKind kind) throws Exception {
    prefix = java.nio.file.Files.createTempDirectory("gatehouse-plugin-entities-" + kind);
    gw = new WholeNode(prefix, kind.settings());
    admin = gw.admin;
  }

  @AfterParameterizedClassInvocation
  static void stop() throws Exception {
    gw.close();
    try (var files = java.nio.file.Files.walk(prefix)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static String consumer(String username) {
    return gw.create("/consumers", "{\"username\":\"" + username + "\"}").json().get("id").asText();
  }

  static List<String> values(AdminClient.Resp list, String field) {
    List<String> out = new ArrayList<>();
    list.json().get("data").forEach(e -> out.add(e.path(field).asText()));
    return out;
  }

  @Test
  void key_auths_collection_and_key_endpoints() {
    String id = consumer("ka-user");
    String other = consumer("ka-other");
    AdminClient.Resp created = gw.create("/consumers/ka-user/key-auth", "{\"key\":\"ka-secret-1\"}");
    assertThat(created.json().at("/consumer/id").asText()).isEqualTo(id);
    String credId = created.json().get("id").asText();
    String generated = gw.create("/consumers/ka-user/key-auth", "{}").json().get("key").asText();
    assertThat(generated).matches("[A-Za-z0-9]{32}");

    assertThat(values(admin.get("/key-auths"), "key")).contains("ka-secret-1", generated);
    assertThat(values(admin.get("/consumers/ka-user/key-auth"), "key")).containsExactlyInAnyOrder("ka-secret-1", generated);
    assertThat(admin.get("/key-auths/ka-secret-1").json().get("id").asText()).isEqualTo(credId);
    assertThat(admin.get("/key-auths/" + credId).json().get("key").asText()).isEqualTo("ka-secret-1");
    assertThat(admin.get("/key-auths/ka-secret-1/consumer").json().get("username").asText()).isEqualTo("ka-user");
    // the nested form finds only the consumer's own credentials
    assertThat(admin.get("/consumers/ka-user/key-auth/ka-secret-1").status()).isEqualTo(200);
    assertThat(admin.get("/consumers/ka-other/key-auth/ka-secret-1").status()).isEqualTo(404);

    AdminClient.Resp patched = admin.json("PATCH", "/key-auths/ka-secret-1", "{\"tags\":[\"rotated\"]}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("tags").get(0).asText()).isEqualTo("rotated");
    AdminClient.Resp dup = admin.post("/consumers/ka-other/key-auth", "{\"key\":\"ka-secret-1\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.message()).isEqualTo("UNIQUE violation detected on '{key=\"ka-secret-1\"}'");

    String route = gw.serviceAndRoute("ka-svc", "/ka");
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"key-auth\"}");
    gw.awaitStatus(401, "/ka"); // the plugin is in effect (the route alone answers 200 too)
    HttpResponse<String> ok = gw.awaitStatus(200, "/ka", "apikey", "ka-secret-1");
    assertThat(Json.parse(ok.body()).at("/headers/x-credential-identifier").asText()).isEqualTo(credId);

    assertThat(admin.delete("/key-auths/ka-secret-1").status()).isEqualTo(204);
    assertThat(admin.get("/key-auths/ka-secret-1").status()).isEqualTo(404);
    gw.awaitStatus(401, "/ka", "apikey", "ka-secret-1");
    assertThat(gw.get("/ka", "apikey", generated).statusCode()).isEqualTo(200);
    assertThat(other).isNotEqualTo(id);
  }

  @Test
  void key_auth_ttl_expires_through_the_admin_api_and_the_proxy() {
    consumer("ttl-user");
    AdminClient.Resp created = gw.create("/consumers/ttl-user/key-auth", "{\"key\":\"ttl-key\",\"ttl\":3}");
    assertThat(created.json().get("ttl").asInt()).isBetween(1, 3);
    assertThat(admin.get("/key-auths/ttl-key").json().get("ttl").asInt()).isBetween(0, 3);
    assertThat(admin.get("/consumers/ttl-user/key-auth").json().at("/data/0/ttl").asInt()).isBetween(0, 3);
    String route = gw.serviceAndRoute("ttl-svc", "/ttl");
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"key-auth\"}");
    gw.awaitStatus(200, "/ttl", "apikey", "ttl-key");
    // once expired: gone from the Admin API and refused by the proxy
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> admin.get("/key-auths/ttl-key").status() == 404);
    HttpResponse<String> r = gw.awaitStatus(401, "/ttl", "apikey", "ttl-key");
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Unauthorized");
    assertThat(values(admin.get("/key-auths"), "key")).doesNotContain("ttl-key");
  }

  @Test
  void basic_auths_hash_passwords_and_authenticate() {
    consumer("ba-user");
    AdminClient.Resp created = admin.form("POST", "/consumers/ba-user/basic-auth", "username=ba-name&password=ba-pass-1");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.text()).doesNotContain("ba-pass-1");
    assertThat(created.json().get("password").asText()).startsWith("$2");
    assertThat(values(admin.get("/basic-auths"), "username")).contains("ba-name");
    assertThat(admin.get("/basic-auths/ba-name").json().get("id").asText()).isEqualTo(created.json().get("id").asText());
    assertThat(admin.get("/basic-auths/ba-name/consumer").json().get("username").asText()).isEqualTo("ba-user");
    assertThat(admin.get("/consumers/ba-user/basic-auth/ba-name").status()).isEqualTo(200);

    String route = gw.serviceAndRoute("ba-svc", "/ba");
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"basic-auth\"}");
    gw.awaitStatus(401, "/ba"); // the plugin is in effect (the route alone answers 200 too)
    HttpResponse<String> ok = gw.awaitStatus(200, "/ba", "Authorization", basic("ba-name", "ba-pass-1"));
    assertThat(Json.parse(ok.body()).at("/headers/x-credential-identifier").asText()).isEqualTo("ba-name");

    assertThat(admin.json("PATCH", "/basic-auths/ba-name", "{\"password\":\"ba-pass-2\"}").status()).isEqualTo(200);
    gw.awaitStatus(401, "/ba", "Authorization", basic("ba-name", "ba-pass-1"));
    assertThat(gw.get("/ba", "Authorization", basic("ba-name", "ba-pass-2")).statusCode()).isEqualTo(200);
    assertThat(admin.delete("/basic-auths/ba-name").status()).isEqualTo(204);
    assertThat(admin.get("/basic-auths/ba-name").status()).isEqualTo(404);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acls_collection_and_group_endpoints() {
    consumer("acl-user");
    gw.create("/consumers/acl-user/key-auth", "{\"key\":\"acl-user-key\"}");
    String adminsId = gw.create("/consumers/acl-user/acls", "{\"group\":\"admins\"}").json().get("id").asText();
    assertThat(admin.form("POST", "/consumers/acl-user/acls", "group=ops").status()).isEqualTo(201);
    assertThat(values(admin.get("/acls"), "group")).contains("admins", "ops");
    assertThat(values(admin.get("/consumers/acl-user/acls"), "group")).containsExactlyInAnyOrder("admins", "ops");
    AdminClient.Resp byGroup = admin.get("/consumers/acl-user/acls/admins");
    assertThat(byGroup.status()).isEqualTo(200);
    assertThat(byGroup.json().get("id").asText()).isEqualTo(adminsId);
    assertThat(admin.get("/acls/" + adminsId).json().get("group").asText()).isEqualTo("admins");
    assertThat(admin.get("/acls/" + adminsId + "/consumer").json().get("username").asText()).isEqualTo("acl-user");

    String route = gw.serviceAndRoute("acl-svc", "/acl");
    // acl first: with acl alone the key is refused (no consumer), so a 200 below means both apply
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"acl\",\"config\":{\"allow\":[\"ops\"]}}");
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"key-auth\"}");
    gw.awaitStatus(401, "/acl");
    HttpResponse<String> ok = gw.awaitStatus(200, "/acl", "apikey", "acl-user-key");
    assertThat(Json.parse(ok.body()).at("/headers/x-consumer-groups").asText()).isIn("admins, ops", "ops, admins");

    assertThat(admin.delete("/consumers/acl-user/acls/ops").status()).isEqualTo(204);
    assertThat(admin.get("/consumers/acl-user/acls/ops").status()).isEqualTo(404);
    HttpResponse<String> denied = gw.awaitStatus(403, "/acl", "apikey", "acl-user-key");
    assertThat(Json.parse(denied.body()).get("message").asText()).isEqualTo("You cannot consume this service");
  }

  @Test
  void jwts_collection_and_key_endpoints() throws Exception {
    consumer("jwt-user");
    AdminClient.Resp created = gw.create("/consumers/jwt-user/jwt", "{}");
    String key = created.json().get("key").asText();
    String secret = created.json().get("secret").asText();
    assertThat(key).matches("[A-Za-z0-9]{32}");
    assertThat(secret).matches("[A-Za-z0-9]{32}");
    assertThat(created.json().get("algorithm").asText()).isEqualTo("HS256");
    assertThat(values(admin.get("/jwts"), "key")).contains(key);
    assertThat(admin.get("/jwts/" + key).json().get("id").asText()).isEqualTo(created.json().get("id").asText());
    assertThat(admin.get("/consumers/jwt-user/jwt/" + key).status()).isEqualTo(200);
    assertThat(admin.get("/jwts/" + key + "/consumer").json().get("username").asText()).isEqualTo("jwt-user");

    AdminClient.Resp noKey = admin.post("/consumers/jwt-user/jwt", "{\"algorithm\":\"RS256\"}");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.message()).isEqualTo("2 schema violations (failed conditional validation given value of field "
        + "'algorithm'; rsa_public_key: required field missing)");
    assertThat(noKey.json().at("/fields/rsa_public_key").asText()).isEqualTo("required field missing");
    AdminClient.Resp badKey = admin.post("/consumers/jwt-user/jwt", "{\"algorithm\":\"EdDSA\",\"rsa_public_key\":\"nope\"}");
    assertThat(badKey.json().at("/fields/rsa_public_key").asText()).isEqualTo("invalid key");

    String route = gw.serviceAndRoute("jwt-svc", "/jwt");
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"jwt\"}");
    String token = hs256(secret, "{\"iss\":\"" + key + "\"}");
    gw.awaitStatus(401, "/jwt"); // the plugin is in effect (the route alone answers 200 too)
    HttpResponse<String> ok = gw.awaitStatus(200, "/jwt", "Authorization", "Bearer " + token);
    assertThat(Json.parse(ok.body()).at("/headers/x-credential-identifier").asText()).isEqualTo(key);
    assertThat(admin.delete("/consumers/jwt-user/jwt/" + key).status()).isEqualTo(204);
    HttpResponse<String> gone = gw.awaitStatus(401, "/jwt", "Authorization", "Bearer " + token);
    assertThat(gone.body()).isEqualTo("{\"message\":\"No credentials found for given 'iss'\"}");
  }

  /** An HS256 token signed with the JDK's HMAC, independently of the plugin. */
  static String hs256(String secret, String claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void deleting_a_consumer_cascades_to_its_credentials_and_consumer_scoped_plugins() {
    consumer("casc");
    gw.create("/consumers/casc/key-auth", "{\"key\":\"casc-key\"}");
    assertThat(admin.form("POST", "/consumers/casc/basic-auth", "username=casc-user&password=casc-pw").status()).isEqualTo(201);
    String aclId = gw.create("/consumers/casc/acls", "{\"group\":\"casc-group\"}").json().get("id").asText();
    String jwtKey = gw.create("/consumers/casc/jwt", "{\"key\":\"casc-jwt\"}").json().get("key").asText();
    String pluginId = gw.create("/consumers/casc/plugins",
        "{\"name\":\"request-termination\",\"config\":{\"status_code\":418}}").json().get("id").asText();
    String route = gw.serviceAndRoute("casc-svc", "/casc");
    gw.create("/routes/" + route + "/plugins", "{\"name\":\"key-auth\"}");
    gw.awaitStatus(418, "/casc", "apikey", "casc-key"); // the consumer-scoped plugin applies

    assertThat(admin.delete("/consumers/casc").status()).isEqualTo(204);
    assertThat(admin.get("/key-auths/casc-key").status()).isEqualTo(404);
    assertThat(admin.get("/basic-auths/casc-user").status()).isEqualTo(404);
    assertThat(admin.get("/acls/" + aclId).status()).isEqualTo(404);
    assertThat(admin.get("/jwts/" + jwtKey).status()).isEqualTo(404);
    assertThat(admin.get("/plugins/" + pluginId).status()).isEqualTo(404);
    assertThat(values(admin.get("/plugins"), "id")).doesNotContain(pluginId);
    gw.awaitStatus(401, "/casc", "apikey", "casc-key");
  }

  @Test
  void mtls_auths_reference_a_ca_certificate_and_go_with_it() throws Exception {
    consumer("mtls-user");
    String pem = io.gatehouse.proxy.testing.TestPki.root("Admin Test Root").certificatePem();
    String ca = gw.create("/ca_certificates", "{\"cert\":" + Json.MAPPER.writeValueAsString(pem) + "}").json().get("id").asText();
    JsonNode cred = gw.create("/consumers/mtls-user/mtls-auth",
        "{\"subject_name\":\"mtls.example\",\"ca_certificate\":{\"id\":\"" + ca + "\"}}").json();
    assertThat(cred.get("ca_certificate").get("id").asText()).isEqualTo(ca);
    String plain = gw.create("/mtls-auths", "{\"subject_name\":\"plain.example\",\"consumer\":{\"id\":\""
        + cred.get("consumer").get("id").asText() + "\"}}").json().get("id").asText();
    assertThat(values(admin.get("/consumers/mtls-user/mtls-auth"), "subject_name"))
        .containsExactlyInAnyOrder("mtls.example", "plain.example");
    AdminClient.Resp missing = admin.post("/consumers/mtls-user/mtls-auth",
        "{\"subject_name\":\"x\",\"ca_certificate\":{\"id\":\"00000000-0000-4000-8000-000000000000\"}}");
    assertThat(missing.status()).as(missing.toString()).isEqualTo(400);

    assertThat(admin.delete("/ca_certificates/" + ca).status()).isEqualTo(204);
    assertThat(admin.get("/mtls-auths/" + cred.get("id").asText()).status()).as("cascaded").isEqualTo(404);
    assertThat(admin.get("/mtls-auths/" + plain).status()).isEqualTo(200);
  }

  /** Kong's schema-violation body over HTTP: code 2, the message, and the fields tree. */
  static JsonNode violation(AdminClient.Resp r, String message) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("code").asInt()).isEqualTo(2);
    assertThat(r.json().get("name").asText()).isEqualTo("schema violation");
    assertThat(r.message()).isEqualTo(message);
    return r.json().get("fields");
  }

  @Test
  void bad_plugin_config_gets_kongs_exact_error_text() {
    JsonNode f = violation(admin.post("/plugins", "{\"name\":\"nope\"}"),
        "schema violation (name: plugin 'nope' not enabled; add it to the 'plugins' configuration property)");
    assertThat(f.get("name").asText()).isEqualTo("plugin 'nope' not enabled; add it to the 'plugins' configuration property");

    f = violation(admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"hide_credentials\":\"yes\"}}"),
        "schema violation (config.hide_credentials: expected a boolean)");
    assertThat(f.at("/config/hide_credentials").asText()).isEqualTo("expected a boolean");

    violation(admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"nope\":1}}"),
        "schema violation (config.nope: unknown field)");

    f = violation(admin.post("/plugins", "{\"name\":\"key-auth\",\"config\":{\"key_names\":[\"bad header\"]}}"),
        "schema violation (config.key_names: {\"bad header name 'bad header', allowed characters are A-Z, a-z, 0-9, '_', and '-'\"})");
    assertThat(f.at("/config/key_names/0").asText())
        .isEqualTo("bad header name 'bad header', allowed characters are A-Z, a-z, 0-9, '_', and '-'");

    consumer("cfg-user");
    f = violation(admin.post("/consumers/cfg-user/plugins", "{\"name\":\"jwt\"}"), "schema violation (consumer: value must be null)");
    assertThat(f.get("consumer").asText()).isEqualTo("value must be null");

    f = violation(admin.post("/plugins", "{\"name\":\"ip-restriction\",\"config\":{}}"),
        "schema violation (at least one of these fields must be non-empty: 'config.allow', 'config.deny')");
    assertThat(f.get("@entity").get(0).asText())
        .isEqualTo("at least one of these fields must be non-empty: 'config.allow', 'config.deny'");

    // form-encoded, as curl --data sends it
    violation(admin.form("POST", "/plugins", "name=ip-restriction&config.allow=10.0.0.0/33"),
        "schema violation (config.allow: {\"invalid ip or cidr range: '10.0.0.0/33'\"})");

    f = violation(admin.post("/plugins", "{\"name\":\"jwt\",\"config\":{\"maximum_expiration\":60}}"),
        "2 schema violations (failed conditional validation given value of field 'config.maximum_expiration'; "
            + "config.claims_to_verify: expected to contain: exp)");
    assertThat(f.at("/config/claims_to_verify").asText()).isEqualTo("expected to contain: exp");

    violation(admin.post("/plugins", "{\"name\":\"correlation-id\",\"config\":{\"generator\":\"x\"}}"),
        "schema violation (config.generator: expected one of: uuid, uuid#counter, tracker)");
    violation(admin.post("/plugins", "{\"name\":\"cors\",\"config\":{\"origins\":[\"(\"]}}"),
        "schema violation (config.origins: {\"'(' is not a valid regex\"})");
    violation(admin.post("/plugins", "{\"name\":\"bot-detection\",\"config\":{\"deny\":[\"(\"]}}"),
        "schema violation (config.deny: {\"not a valid regex: (\"})");
    violation(admin.post("/plugins", "{\"name\":\"request-termination\",\"config\":{\"status_code\":600}}"),
        "schema violation (config.status_code: value should be between 100 and 599)");

    // the same checks answer POST /schemas/plugins/validate
    AdminClient.Resp v = admin.post("/schemas/plugins/validate", "{\"name\":\"ip-restriction\",\"config\":{\"deny\":[\"::1/129\"]}}");
    assertThat(v.status()).isEqualTo(400);
    assertThat(v.message()).contains("invalid ip or cidr range: '::1/129'");
    assertThat(admin.post("/schemas/plugins/validate", "{\"name\":\"ip-restriction\",\"config\":{\"deny\":[\"::1/128\"]}}").status())
        .isEqualTo(200);
  }

  /**
   * Kong 3.9 renders a record's shorthand_fields in /schemas/plugins/{name} (api_helpers
   * schema_to_jsonable): opentelemetry's deprecated endpoint, typed as traces_endpoint, with its
   * deprecation notice; a shorthand written on input lands in traces_endpoint.
   */
  @Test
  void opentelemetry_schema_lists_the_endpoint_shorthand_as_kong_does() {
    JsonNode config = null;
    for (JsonNode f : admin.get("/schemas/plugins/opentelemetry").json().get("fields")) {
      if (f.has("config")) config = f.get("config");
    }
    assertThat(config).isNotNull();
    JsonNode target = null;
    for (JsonNode f : config.get("fields")) {
      if (f.has("traces_endpoint")) target = f.get("traces_endpoint");
    }
    assertThat(target).isNotNull();
    JsonNode shorthands = config.get("shorthand_fields");
    assertThat(shorthands).as("config.shorthand_fields").isNotNull();
    assertThat(shorthands.size()).isEqualTo(1);
    JsonNode endpoint = shorthands.get(0).get("endpoint");
    assertThat(endpoint.get("type").asText()).isEqualTo("string");
    assertThat(endpoint.get("referenceable").asBoolean()).isTrue();
    assertThat(endpoint.get("deprecation").get("message").asText())
        .isEqualTo("OpenTelemetry: config.endpoint is deprecated, please use config.traces_endpoint instead");
    assertThat(endpoint.get("deprecation").get("removal_in_version").asText()).isEqualTo("4.0");
    assertThat(endpoint.has("default")).isFalse();
    assertThat(endpoint.has("required")).isFalse();
    // the rest is the target's own description
    com.fasterxml.jackson.databind.node.ObjectNode rest = endpoint.deepCopy();
    rest.remove("deprecation");
    assertThat(rest).isEqualTo(target);
    // and the fields stay Kong's: the alias is no field of its own
    assertThat(config.get("fields").toString()).doesNotContain("\"endpoint\"");
    JsonNode created = gw.create("/plugins", "{\"name\":\"opentelemetry\",\"config\":{\"endpoint\":"
        + "\"http://collector.test:4318/v1/traces\"}}").json();
    assertThat(created.get("config").get("traces_endpoint").asText()).isEqualTo("http://collector.test:4318/v1/traces");
    assertThat(created.get("config").has("endpoint")).isFalse();
    admin.delete("/plugins/" + created.get("id").asText());
  }

  @Test
  void new_plugins_are_enabled_and_describe_their_schemas() {
    JsonNode enabled = admin.get("/plugins/enabled").json().get("enabled_plugins");
    List<String> names = new ArrayList<>();
    enabled.forEach(n -> names.add(n.asText()));
    assertThat(names).contains("jwt", "ip-restriction", "cors", "bot-detection", "correlation-id");
    JsonNode jwt = admin.get("/schemas/plugins/jwt").json();
    assertThat(jwt.toString()).contains("\"maximum_expiration\"").contains("\"key_claim_name\"");
    assertThat(admin.get("/schemas/jwt_secrets").json().toString()).contains("\"rsa_public_key\"");
  }
}
