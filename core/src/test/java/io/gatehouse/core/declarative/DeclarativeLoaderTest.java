package io.gatehouse.core.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclarativeLoaderTest {
  private static final Map<String, String> ENV = Map.of("UPSTREAM_KEY", "s3cret");
  private final SchemaRegistry registry = TestSchemas.registry();
  private final DeclarativeLoader loader = new DeclarativeLoader(registry, new EntityProcessor(Clock.systemUTC()),
      new VaultReferences(ENV::get));

  private DeclarativeConfig load(String yaml) {
    return loader.load(yaml, "kong.yml");
  }

  private KongException rejected(String yaml, boolean flatten) {
    DeclarativeConfigException e = catchThrowableOfType(DeclarativeConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the file to be rejected").isNotNull();
    return e.toKong(flatten);
  }

  private static ObjectNode one(DeclarativeConfig c, String table) {
    assertThat(c.tables().get(table)).hasSize(1);
    return c.tables().get(table).getFirst();
  }

  // Kong §3.3: ids are UUIDv5 of the endpoint key in the table's namespace (checked against Python's uuid5)
  @Test
  void namedEntitiesGetKongsDeterministicIds() {
    DeclarativeConfig c = load("""
        _format_version: "3.0"
        services:
        - name: billing
          url: http://billing.internal:8080/v1
        """);
    ObjectNode s = one(c, "services");
    assertThat(s.get("id").asText()).isEqualTo("aa93ac78-2b4d-59d0-9897-62a161ae6928");
    assertThat(s.get("host").asText()).isEqualTo("billing.internal");
    assertThat(s.get("path").asText()).isEqualTo("/v1");
    assertThat(load("_format_version: '3.0'\nservices: [{name: billing, host: x}]").tables().get("services")
        .getFirst().get("id").asText()).isEqualTo("aa93ac78-2b4d-59d0-9897-62a161ae6928");
  }

  @Test
  void nestedChildrenGetTheirParentAndTopLevelReferencesResolveByNameOrId() {
    DeclarativeConfig c = load("""
        _format_version: "3.0"
        _comment: team billing
        services:
        - name: billing
          host: billing.internal
          _comment: the billing API
          routes:
          - name: billing-api
            paths: [/billing]
            plugins:
            - name: rate-limiting
              config: {minute: 10}
          plugins:
          - name: key-auth
        routes:
        - name: billing-admin
          service: billing
          paths: [/admin]
        consumers:
        - username: alice
          keyauth_credentials:
          - key: alice-key
        keyauth_credentials:
        - key: second-key
          consumer: alice
        upstreams:
        - name: billing.internal
          targets:
          - target: 10.0.0.1
        """);
    String svc = one(c, "services").get("id").asText();
    List<ObjectNode> routes = c.tables().get("routes");
    assertThat(routes).extracting(r -> r.get("service").get("id").asText()).containsOnly(svc);
    String route = routes.stream().filter(r -> r.get("name").asText().equals("billing-api")).findFirst().orElseThrow()
        .get("id").asText();
    assertThat(c.tables().get("plugins")).anySatisfy(p -> {
      assertThat(p.get("name").asText()).isEqualTo("rate-limiting");
      assertThat(p.get("route").get("id").asText()).isEqualTo(route);
      assertThat(p.get("config").get("policy").asText()).isEqualTo("local");
    });
    String alice = one(c, "consumers").get("id").asText();
    assertThat(c.tables().get("keyauth_credentials")).hasSize(2)
        .allSatisfy(k -> assertThat(k.get("consumer").get("id").asText()).isEqualTo(alice));
    assertThat(one(c, "targets").get("target").asText()).isEqualTo("10.0.0.1:8000");
    // plugin ids come from Kong's cache key: plugins:<name>:<route>:<service>:<consumer>
    ObjectNode keyAuth = c.tables().get("plugins").stream().filter(p -> p.get("name").asText().equals("key-auth"))
        .findFirst().orElseThrow();
    assertThat(keyAuth.get("id").asText()).isEqualTo(Uuid5.forEntity("plugins", "plugins:key-auth::" + svc + ":"));
  }

  /** Issue 19: derived ids depend on the file's workspace (Kong 3.9's ws_id in the key); default's are unchanged. */
  @Test
  void derivedIdsDifferPerWorkspaceAndStayAsTheyWereInDefault() {
    String file = """
        services:
        - name: catalog
          host: catalog.internal
          plugins: [{name: key-auth}]
        upstreams:
        - name: up
          targets: [{target: 10.0.0.1:80}]
        snis: []
        """;
    DeclarativeConfig plain = load("_format_version: '3.0'\n" + file);
    DeclarativeConfig a = load("_format_version: '3.0'\n_workspace: team-a\n" + file);
    DeclarativeConfig b = load("_format_version: '3.0'\n_workspace: team-b\n" + file);
    assertThat(one(plain, "services").get("id").asText()).isEqualTo(Uuid5.forEntity("services", "catalog"));
    for (String table : List.of("services", "plugins", "upstreams", "targets")) {
      assertThat(List.of(one(plain, table).get("id"), one(a, table).get("id"), one(b, table).get("id")))
          .as(table).doesNotHaveDuplicates();
    }
    assertThat(one(a, "services").get("id").asText()).isEqualTo(Uuid5.forEntity("services", "catalog:team-a"));
    assertThat(one(a, "plugins").get("service").get("id")).isEqualTo(one(a, "services").get("id"));
    assertThat(one(load("_format_version: '3.0'\n_workspace: team-a\n" + file), "targets").get("id"))
        .isEqualTo(one(a, "targets").get("id")); // stable: importing again updates, not duplicates
  }

  // Kong's shape: fields mirror the input with 1-based indexes; the message is the Lua rendering
  @Test
  void theProductsSectionIsKeptForThePortalAndItsShapeChecked() {
    DeclarativeConfig c = load("""
        _format_version: "3.0"
        _gatehouse_products:
        - {name: Weather, service_ids: [weather]}
        """);
    assertThat(c.products()).hasSize(1);
    assertThat(c.products().getFirst().get("name").asText()).isEqualTo("Weather");
    assertThat(load("_format_version: \"3.0\"\n").products()).as("no section: products are left alone").isNull();
    assertThat(rejected("_format_version: \"3.0\"\n_gatehouse_products: {name: x}\n", false).fields())
        .isEqualTo(Json.parse("{\"_gatehouse_products\":\"expected an array\"}"));
    assertThat(rejected("_format_version: \"3.0\"\n_gatehouse_products: [{name: x}, 3]\n", false).fields())
        .isEqualTo(Json.parse("{\"_gatehouse_products\":[null,\"expected a record\"]}"));
    // any other top-level key is still Kong's unknown field
    assertThat(rejected("_format_version: \"3.0\"\n_products: []\n", false).fields().toString()).contains("_products");
  }

  @Test
  void schemaErrorsMirrorTheInput() {
    KongException e = rejected("""
        _format_version: "3.0"
        services:
        - name: ok
          host: ok.internal
        - name: bad
          port: 70000
        """, false);
    assertThat(e.code().code()).isEqualTo(14);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.toJson().get("name").asText()).isEqualTo("invalid declarative configuration");
    assertThat(e.fields()).isEqualTo(Json.parse("""
        {"services":[null,{"host":"required field missing","port":"value should be between 0 and 65535"}]}"""));
    assertThat(e.getMessage()).isEqualTo(
        "declarative config is invalid: {services={null,{host=\"required field missing\",port=\"value should be between 0 and 65535\"}}}");
  }

  @Test
  void flattenedErrorsHoistNestedEntities() {
    KongException e = rejected("""
        _format_version: "3.0"
        services:
        - name: svc
          host: svc.internal
          tags: [team-a]
          routes:
          - name: r1
            protocols: [http, ftp]
            paths: [/a]
          plugins:
          - name: no-such-plugin
        """, true);
    JsonNode body = e.toJson();
    assertThat(body.get("fields")).isEqualTo(Json.object());
    assertThat(body.get("message").asText()).isEqualTo("declarative config is invalid: {}");
    JsonNode flat = body.get("flattened_errors");
    assertThat(flat).hasSize(2);
    assertThat(flat.get(0).get("entity_type").asText()).isEqualTo("route");
    assertThat(flat.get(0).get("entity_name").asText()).isEqualTo("r1");
    assertThat(flat.get(0).get("errors")).isEqualTo(Json.parse(
        "[{\"type\":\"field\",\"field\":\"protocols.2\",\"message\":\"expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp\"}]"));
    assertThat(flat.get(1).get("entity_type").asText()).isEqualTo("plugin");
    assertThat(flat.get(1).get("errors").get(0).get("message").asText())
        .isEqualTo("plugin 'no-such-plugin' not enabled; add it to the 'plugins' configuration property");
  }

  // Kong: invalid reference '<field>: <value>' (no such entry in '<table>'), filed under the entity's key
  @Test
  void danglingReferencesAreNamed() {
    KongException e = rejected("""
        _format_version: "3.0"
        routes:
        - name: orphan
          service: ghost
          paths: [/x]
        """, false);
    assertThat(e.fields()).isEqualTo(Json.parse(
        "{\"routes\":{\"orphan\":[\"invalid reference 'service: ghost' (no such entry in 'services')\"]}}"));
  }

  @Test
  void duplicatesAreNamed() {
    KongException e = rejected("""
        _format_version: "3.0"
        services:
        - {name: twin, host: a.internal}
        - {name: twin, host: b.internal}
        consumers:
        - username: bob
          keyauth_credentials: [{key: k1}]
        - username: carol
          keyauth_credentials: [{key: k1}]
        """, false);
    assertThat(e.fields().get("services").get(1).asText())
        .isEqualTo("uniqueness violation: 'services' entity with name set to 'twin' already declared");
    assertThat(e.fields().get("consumers").get(1).get("keyauth_credentials").get(0).asText())
        .isEqualTo("uniqueness violation: 'keyauth_credentials' entity with key set to 'k1' already declared");
  }

  // Kong unit spec "does not accept additional foreign keys" in nested entities
  @Test
  void nestedChildrenCarryNoForeignKeys() {
    KongException e = rejected("""
        _format_version: "3.0"
        consumers: [{username: bob}]
        services:
        - name: s
          host: s.internal
          plugins:
          - name: rate-limiting
            consumer: bob
        """, false);
    assertThat(e.fields().get("services").get(0).get("plugins").get(0).get("consumer").asText())
        .isEqualTo("value must be null");
  }

  @Test
  void metadataIsChecked() {
    KongException e = rejected("_format_version: '4.0'\nservicez: []\n_transform: maybe\n", false);
    assertThat(e.fields()).isEqualTo(Json.parse("""
        {"_format_version":"expected one of: 1.1, 2.1, 3.0","_transform":"expected a boolean","servicez":"unknown field"}"""));
    assertThat(rejected("services: []", false).fields().get("_format_version").asText())
        .isEqualTo("required field missing");
  }

  @Test
  void deckWorkspaceKeyNamesTheFilesWorkspace() {
    assertThat(rejected("_format_version: '3.0'\n_workspace: 5\nservices: []\n", false).fields()
        .get("_workspace").asText()).isEqualTo("expected a non-empty string");
    DeclarativeConfig teamA = load("_format_version: '3.0'\n_workspace: team-a\nservices: [{name: s, host: s.internal}]\n");
    assertThat(teamA.workspace()).isEqualTo("team-a");
    assertThat(teamA.inDefaultWorkspace()).isFalse();
    DeclarativeConfig plain = load("_format_version: '3.0'\nservices: [{name: s, host: s.internal}]\n");
    assertThat(plain.workspace()).isEqualTo("default");
    assertThat(load("_format_version: '3.0'\n_workspace: default\nservices: [{name: s, host: s.internal}]\n")
        .tables().get("services")).hasSize(1);
  }

  @Test
  void syntaxErrorsGiveLineAndColumn() {
    KongException e = rejected("_format_version: '3.0'\nservices:\n  - name: a\n   host: b\n", false);
    assertThat(e.fields().get("error").asText())
        .startsWith("failed parsing declarative configuration: ")
        .contains("line 4");
    assertThat(catchThrowableOfType(DeclarativeConfigException.class, () -> loader.load("[1]", null))
        .toKong(false).fields().get("error").asText())
        .isEqualTo("failed parsing declarative configuration: expected an object");
  }

  // Kong route_path migration: 1.1/2.1 regex paths gain the ~ prefix
  @Test
  void oldFormatsHaveRegexPathsMigrated() {
    DeclarativeConfig c = load("""
        _format_version: "2.1"
        services:
        - name: s
          host: s.internal
          routes:
          - name: r
            paths: [/plain, /users/\\d+]
        """);
    assertThat(one(c, "routes").get("paths")).isEqualTo(Json.parse("[\"/plain\",\"~/users/\\\\d+\"]"));
  }

  @Test
  void vaultReferencesAreKeptAndCheckedAndResolvedOnlyOnRequest() {
    DeclarativeConfig c = load("""
        _format_version: "3.0"
        plugins:
        - name: request-transformer
          config: {header: "{vault://env/upstream-key}"}
        """);
    ObjectNode p = one(c, "plugins");
    assertThat(p.get("config").get("header").asText()).isEqualTo("{vault://env/upstream-key}");
    ObjectNode resolved = new VaultReferences(ENV::get).resolve(c.tables()).get("plugins").getFirst();
    assertThat(resolved.get("config").get("header").asText()).isEqualTo("s3cret");
    assertThat(p.get("config").get("header").asText()).isEqualTo("{vault://env/upstream-key}");

    KongException e = rejected("""
        _format_version: "3.0"
        plugins:
        - name: request-transformer
          config: {header: "{vault://env/missing}"}
        - name: rate-limiting
          config: {policy: "{vault://aws/x}"}
        """, false);
    assertThat(e.fields().get("plugins").get(0).get("config").get("header").asText())
        .isEqualTo("could not resolve vault reference '{vault://env/missing}': environment variable 'MISSING' is not set");
    assertThat(e.fields().get("plugins").get(1).get("config").get("policy").asText())
        .isEqualTo("invalid vault reference '{vault://aws/x}': vault 'aws' is not available (kinds: env, file, hcv; no vault entity has that prefix)");
  }

  @Test
  void exportIsFlatCanonicalAndRoundTrips() {
    String file = """
        _format_version: "3.0"
        services:
        - name: b
          host: b.internal
          routes: [{name: rb, paths: [/b]}]
        - name: a
          host: a.internal
        consumers:
        - username: alice
          keyauth_credentials: [{key: k}]
        """;
    DeclarativeConfig c = load(file);
    String yaml = DeclarativeExport.yaml(registry, c.tables());
    assertThat(yaml).startsWith("_format_version: \"3.0\"\n_transform: false\n");
    assertThat(yaml).doesNotContain("created_at").contains("service: " + one(c, "routes").get("service").get("id").asText());
    DeclarativeConfig again = load(yaml);
    assertThat(DeclarativeExport.yaml(registry, again.tables())).isEqualTo(yaml);
  }

  @Test
  void linesCarryFilePositions() {
    String text = "_format_version: '3.0'\nservices:\n- name: s\n  port: 99999\n";
    DeclarativeConfigException e = catchThrowableOfType(DeclarativeConfigException.class, () -> load(text));
    assertThat(e.lines("kong.yml", DeclarativeParser.positions(text, "kong.yml"))).containsExactly(
        "kong.yml:3:3: services[1]: host: required field missing",
        "kong.yml:4:9: services[1]: port: value should be between 0 and 65535");
  }

  // Issue 21: an entity with errors of its own and a nested child with errors used to throw
  // ClassCastException; Kong nests the child's errors inside the parent's error table
  @Test
  void errorsOfAParentAndItsNestedChildBothRender() {
    String yaml = """
        _format_version: "3.0"
        services:
        - name: svc
          url: http://svc.internal
          retries: -1
          routes:
          - name: r1
            protocols: [ftp]
            paths: [/a]
        """;
    KongException nested = rejected(yaml, false);
    assertThat(nested.fields().get("services").get(0).get("retries").asText())
        .isEqualTo("value should be between 0 and 32767");
    assertThat(nested.fields().get("services").get(0).get("routes").get(0).get("protocols").get(0).asText())
        .startsWith("expected one of: grpc");
    JsonNode flat = rejected(yaml, true).toJson().get("flattened_errors");
    assertThat(flat).hasSize(2);
    assertThat(flat.findValuesAsText("entity_type")).containsExactlyInAnyOrder("service", "route");
  }

  // Issue 21: url and host both wrong on one service (errors at two levels of one entity)
  @Test
  void urlAndFieldErrorsOfOneEntityRender() {
    String yaml = """
        _format_version: "3.0"
        services:
        - name: svc
          url: "http://"
          host: "bad host"
          retries: -1
        """;
    KongException e = rejected(yaml, false);
    assertThat(e.fields().get("services").get(0).isObject()).isTrue();
    JsonNode flat = rejected(yaml, true).toJson().get("flattened_errors");
    assertThat(flat).hasSize(1);
    assertThat(flat.get(0).get("entity_name").asText()).isEqualTo("svc");
  }

  // Kong 3.9 declarative_config flatten(): on failure it re-validates with nested foreign keys
  // filled and accepts a nested child that names its parent as {id = …} (ingress controller output)
  @Test
  void nestedChildMayNameItsParentById() {
    DeclarativeConfig c = load("""
        _format_version: "3.0"
        services:
        - id: 9f4a3c52-5e0c-4b70-9d0b-8c1e6f0a2b11
          name: svc
          host: svc.internal
          routes:
          - name: r1
            service: {id: 9f4a3c52-5e0c-4b70-9d0b-8c1e6f0a2b11}
            paths: [/a]
        """);
    assertThat(one(c, "routes").get("service").get("id").asText()).isEqualTo("9f4a3c52-5e0c-4b70-9d0b-8c1e6f0a2b11");
    // a name string is still refused, as in Kong (the full schema wants a record)
    KongException e = rejected("""
        _format_version: "3.0"
        services:
        - name: svc
          host: svc.internal
          routes:
          - name: r1
            service: svc
            paths: [/a]
        """, false);
    assertThat(e.fields().get("services").get(0).get("routes").get(0).get("service").asText()).isEqualTo("value must be null");
  }

  // Kong 3.9: declarative `vaults`, references through a vault's prefix, checked at load
  @Test
  void vaultsLoadAndReferencesGoThroughTheirPrefix() {
    DeclarativeConfig c = new DeclarativeLoader(registry, new EntityProcessor(Clock.systemUTC()),
        new VaultReferences(Map.of("TEAM_UPSTREAM_KEY", "team-secret")::get)).load("""
        _format_version: "3.0"
        vaults:
        - prefix: team-env
          name: env
          description: team secrets
          config: {prefix: TEAM_}
        plugins:
        - name: request-transformer
          config: {header: "{vault://team-env/upstream-key}"}
        """, "kong.yml");
    ObjectNode v = one(c, "vaults");
    assertThat(v.get("prefix").asText()).isEqualTo("team-env");
    assertThat(v.at("/config/prefix").asText()).isEqualTo("TEAM_");
    VaultReferences refs = new VaultReferences(Map.of("TEAM_UPSTREAM_KEY", "team-secret")::get);
    assertThat(refs.resolve(c.tables()).get("plugins").getFirst().at("/config/header").asText()).isEqualTo("team-secret");
    KongException e = rejected("""
        _format_version: "3.0"
        vaults:
        - {prefix: env, name: env}
        - {prefix: my-aws, name: aws}
        - {prefix: Bad_Prefix, name: env}
        """, false);
    assertThat(e.fields().get("vaults").get(0).get("prefix").asText()).isEqualTo("must not be one of: env, file, hcv");
    assertThat(e.fields().get("vaults").get(1).get("name").asText()).isEqualTo("vault 'aws' is not installed");
    assertThat(e.fields().get("vaults").get(2).get("prefix").asText()).isEqualTo("invalid value: Bad_Prefix");
  }
}
