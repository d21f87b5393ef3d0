package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.admin.testing.TestAdmin;
import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.store.dbless.DblessConfigStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kong's DB-less Admin API (spec 04-admin_api/15-off_spec): /config and read-only entity endpoints. */
class DeclarativeConfigIT {
  private static final String CONFIG = """
      _format_version: "3.0"
      services:
      - name: billing
        url: http://billing.internal:8080
        routes:
        - name: billing-api
          paths: [/billing]
          plugins:
          - name: dummy
            config: {minute: 5}
      consumers:
      - username: alice
      """;
  private static DblessConfigStore store;
  private static AdminApi admin;
  private static AdminClient client;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("gatehouse-dbless-admin");
    store = DblessConfigStore.open(dir.resolve("dbless.db"), Clock.systemUTC());
    NodeInfo node = new NodeInfo("00000000-0000-4000-8000-000000000002", "test-host", Json.object(),
        () -> 0L, () -> null, () -> ServerCounters.ZERO);
    admin = AdminApi.start("127.0.0.1", 0, 10 << 20, store, CoreEntities.registry(TestAdmin.testPlugins()), node);
    client = new AdminClient("http://127.0.0.1:" + admin.address().getPort());
  }

  @AfterAll
  static void stop() {
    admin.close();
    store.close();
  }

  @BeforeEach
  void load() {
    assertThat(client.raw("POST", "/config", "application/yaml", CONFIG.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(201);
  }

  @Test
  void postedYamlReplacesTheConfigurationAndAnswersTheFlatEntityMap() {
    Resp r = client.raw("POST", "/config", "text/yaml", CONFIG.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("services")).hasSize(1);
    assertThat(r.json().get("plugins").elements().next().get("config").get("minute").asInt()).isEqualTo(5);
    Resp routes = client.get("/services/billing/routes");
    assertThat(routes.json().get("data").get(0).get("name").asText()).isEqualTo("billing-api");
    Resp exported = client.get("/config");
    assertThat(exported.json().get("config").asText()).startsWith("_format_version: \"3.0\"\n_transform: false\n")
        .contains("name: billing-api");
  }

  @Test
  void jsonFormAndWrappedBodiesAreAccepted() {
    String json = Json.write(Json.object().put("_format_version", "3.0")
        .set("services", Json.parse("[{\"name\":\"json-svc\",\"host\":\"j.internal\"}]")));
    assertThat(client.post("/config", json).status()).isEqualTo(201);
    assertThat(client.get("/services/json-svc").status()).isEqualTo(200);
    String wrapped = Json.write(Json.object().put("config", "_format_version: '3.0'\nconsumers: [{username: wrapped}]"));
    assertThat(client.post("/config", wrapped).status()).isEqualTo(201);
    assertThat(client.get("/consumers/wrapped").status()).isEqualTo(200);
    assertThat(client.get("/services/json-svc").status()).isEqualTo(404);
    String form = "config=" + URLEncoder.encode("_format_version: '3.0'\nconsumers: [{username: formed}]", StandardCharsets.UTF_8);
    assertThat(client.form("POST", "/config", form).status()).isEqualTo(201);
    assertThat(client.get("/consumers/formed").status()).isEqualTo(200);
  }

  @Test
  void statusReportsTheConfigurationHashInsteadOfADatabase() { // §2.7: DB-less /status
    Resp status = client.get("/status");
    assertThat(status.json().has("database")).isFalse();
    assertThat(status.json().get("configuration_hash").asText()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
  }

  @Test
  void checkHashAnswers304ForTheRunningConfiguration() {
    Resp same = client.raw("POST", "/config?check_hash=1", "application/yaml", CONFIG.getBytes(StandardCharsets.UTF_8));
    assertThat(same.status()).isEqualTo(304);
  }

  @Test
  void aBadBodyIsCode14AndLeavesTheRunningConfigurationAlone() {
    long version = store.version();
    Resp bad = client.raw("POST", "/config", "application/yaml",
        "_format_version: '3.0'\nservices: [{name: broken, port: 99999, host: x}]\n".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asInt()).isEqualTo(14);
    assertThat(bad.json().get("name").asText()).isEqualTo("invalid declarative configuration");
    assertThat(bad.json().get("fields")).isEqualTo(Json.parse("{\"services\":[{\"port\":\"value should be between 0 and 65535\"}]}"));
    Resp flat = client.raw("POST", "/config?flatten_errors=1", "application/yaml",
        "_format_version: '3.0'\nservices: [{name: broken, port: 99999, host: x}]\n".getBytes(StandardCharsets.UTF_8));
    assertThat(flat.json().get("flattened_errors").get(0).get("entity_name").asText()).isEqualTo("broken");
    Resp syntax = client.raw("POST", "/config", "application/yaml", "services: [".getBytes(StandardCharsets.UTF_8));
    assertThat(syntax.json().get("fields").get("error").asText()).startsWith("failed parsing declarative configuration: ");
    assertThat(client.post("/config", "{}").message()).isEqualTo("expected a declarative configuration");
    Resp otherWorkspace = client.raw("POST", "/config", "application/yaml",
        "_format_version: '3.0'\n_workspace: team-a\nservices: [{name: s, host: x}]\n".getBytes(StandardCharsets.UTF_8));
    assertThat(otherWorkspace.status()).isEqualTo(400);
    assertThat(otherWorkspace.json().get("code").asInt()).isEqualTo(14);
    assertThat(otherWorkspace.json().get("fields").get("_workspace").asText()).contains("DB-less node serves the default workspace only");
    assertThat(store.version()).isEqualTo(version);
    assertThat(client.get("/services/billing").status()).isEqualTo(200);
  }

  // Kong 15-off_spec: writes answer 405 code 12 "operation unsupported"
  @Test
  void entityWritesAre405Code12WithKongsMessages() {
    String id = client.get("/services/billing").json().get("id").asText();
    assertUnsupported(client.post("/services", "{\"host\":\"x\"}"), "cannot create 'services' entities when not using a database");
    assertUnsupported(client.json("PUT", "/services/billing", "{\"host\":\"x\"}"),
        "cannot create or update 'services' entities by 'name' when not using a database");
    assertUnsupported(client.json("PATCH", "/services/" + id, "{\"host\":\"x\"}"),
        "cannot update 'services' entities when not using a database");
    assertUnsupported(client.delete("/routes/billing-api"), "cannot remove 'routes' entities by 'name' when not using a database");
    assertUnsupported(client.post("/services/billing/routes", "{\"paths\":[\"/x\"]}"),
        "cannot create 'routes' entities when not using a database");
    assertUnsupported(client.post("/consumers/alice/plugins", "{\"name\":\"dummy\"}"),
        "cannot create 'plugins' entities when not using a database");
    assertThat(client.get("/services/billing").status()).isEqualTo(200);
  }

  private static void assertUnsupported(Resp r, String message) {
    assertThat(r.status()).as(r.toString()).isEqualTo(405);
    assertThat(r.json().get("code").asInt()).isEqualTo(12);
    assertThat(r.json().get("name").asText()).isEqualTo("operation unsupported");
    assertThat(r.message()).isEqualTo(message);
  }

  @Test
  void withADatabaseConfigIsNotAvailable() throws Exception {
    try (TestAdmin db = new TestAdmin()) {
      assertThat(db.client.get("/config").message())
          .isEqualTo("this endpoint is only available when Kong is configured to not use a database");
      Resp post = db.client.raw("POST", "/config", "application/yaml", CONFIG.getBytes(StandardCharsets.UTF_8));
      assertThat(post.status()).isEqualTo(400);
      assertThat(db.client.post("/services", "{\"name\":\"still-writable\",\"host\":\"x\"}").status()).isEqualTo(201);
    }
  }

  // Issue 21: a service with its own errors and a nested route with errors answered 500
  // (ClassCastException); Kong answers code 14 with both, nested or flattened
  @Test
  void errorsOfAParentAndItsNestedChildAreCode14() {
    byte[] body = """
        _format_version: "3.0"
        services:
        - name: two-levels
          url: http://x.internal
          retries: -1
          routes:
          - name: r-bad
            protocols: [ftp]
            paths: [/a]
        """.getBytes(StandardCharsets.UTF_8);
    Resp nested = client.raw("POST", "/config", "application/yaml", body);
    assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
    assertThat(nested.json().at("/fields/services/0/retries").asText()).isEqualTo("value should be between 0 and 32767");
    assertThat(nested.json().at("/fields/services/0/routes/0/protocols/0").asText()).startsWith("expected one of:");
    Resp flat = client.raw("POST", "/config?flatten_errors=1", "application/yaml", body);
    assertThat(flat.status()).isEqualTo(400);
    assertThat(flat.json().get("flattened_errors").findValuesAsText("entity_name")).containsExactlyInAnyOrder("two-levels", "r-bad");
  }

  // Kong 3.9 declarative_config flatten(): nested SNIs naming their certificate as {id = …}
  // (ingress controller output for TLS Ingresses) validate on the second pass and load
  @Test
  void nestedSnisWithTheirCertificateIdLoad() throws Exception {
    TestCerts.Pair pair = TestCerts.selfSigned("kic.test");
    String certId = "5a3b9c1e-2f4d-4e6a-8b7c-9d0e1f2a3b4c";
    String json = Json.write(Json.parse("""
        {"_format_version":"3.0","certificates":[{"id":"%s","cert":%s,"key":%s,
          "snis":[{"name":"kic.test","certificate":{"id":"%s"}}]}]}
        """.formatted(certId, Json.write(Json.NODES.textNode(pair.cert())), Json.write(Json.NODES.textNode(pair.key())), certId)));
    Resp r = client.post("/config", json);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(client.get("/snis/kic.test").json().at("/certificate/id").asText()).isEqualTo(certId);
  }
}
