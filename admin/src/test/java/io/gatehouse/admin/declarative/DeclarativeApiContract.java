package io.gatehouse.admin.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import io.gatehouse.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code /{ws}/declarative} on a real node over the store a subclass picks: a workspace exported in
 * kong.yml's format, an edited export previewed (dry run: the per-entity diff, nothing written) and
 * applied, a hand-written file matched to the live entities by name, and failures that change
 * nothing (a file that does not load, a write the store refuses mid-transaction).
 */
abstract class DeclarativeApiContract {
  private static final AtomicInteger SEQ = new AtomicInteger();

  abstract RbacNode node();

  private AdminClient admin() {
    return node().superAdmin;
  }

  /** A fresh workspace with a service, a route under it, a plugin on the service and a consumer. */
  private String workspaceWithEntities() {
    String ws = "decl-" + SEQ.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase().replace("declarativeapi", "");
    assertThat(admin().post("/workspaces", "{\"name\":\"" + ws + "\"}").status()).isEqualTo(201);
    AdminClient.Resp svc = admin().post("/" + ws + "/services", "{\"name\":\"orders\",\"host\":\"orders.test\",\"retries\":5}");
    assertThat(svc.status()).as(svc.toString()).isEqualTo(201);
    assertThat(admin().post("/" + ws + "/services/orders/routes", "{\"name\":\"orders-r\",\"paths\":[\"/" + ws + "\"]}").status())
        .isEqualTo(201);
    assertThat(admin().post("/" + ws + "/services/orders/plugins", "{\"name\":\"dummy\",\"config\":{\"minute\":7}}").status())
        .isEqualTo(201);
    assertThat(admin().post("/" + ws + "/consumers", "{\"username\":\"ann\"}").status()).isEqualTo(201);
    return ws;
  }

  private AdminClient.Resp importJson(String ws, JsonNode file, boolean dryRun) {
    return admin().post("/" + ws + "/declarative" + (dryRun ? "?dry_run=true" : ""), Json.write(file));
  }

  private AdminClient.Resp importYaml(String ws, String yaml, boolean dryRun) {
    return admin().raw("POST", "/" + ws + "/declarative" + (dryRun ? "?dry_run=true" : ""), "application/yaml",
        yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** A diff list as sorted {@code table:name} strings. */
  private static List<String> names(JsonNode diff, String kind) {
    return StreamSupport.stream(diff.path(kind).spliterator(), false)
        .map(c -> c.path("table").asText() + ":" + c.path("name").asText()).sorted().toList();
  }

  @Test
  void a_workspace_exports_in_kong_yml_format_with_its_workspace_and_only_its_entities() {
    String ws = workspaceWithEntities();
    AdminClient.Resp yaml = admin().get("/" + ws + "/declarative");
    assertThat(yaml.status()).isEqualTo(200);
    String text = yaml.json().path("config").asText();
    assertThat(text).startsWith("_format_version: \"3.0\"\n_workspace: " + ws + "\n_transform: false\n");
    assertThat(text).contains("name: orders", "name: orders-r", "username: ann", "name: dummy").doesNotContain("created_at");

    JsonNode json = admin().get("/" + ws + "/declarative?format=json").json();
    String serviceId = admin().get("/" + ws + "/services/orders").json().path("id").asText();
    assertThat(json.path("_workspace").asText()).isEqualTo(ws);
    assertThat(json.path("services").get(0).path("id").asText()).isEqualTo(serviceId);
    assertThat(json.path("routes").get(0).path("service").asText()).isEqualTo(serviceId);
    assertThat(json.has("ws_id") || json.path("services").get(0).has("ws_id")).isFalse();

    // the default workspace's export has no _workspace and none of this workspace's entities
    String defaults = admin().get("/declarative").json().path("config").asText();
    assertThat(defaults).doesNotContain("_workspace").doesNotContain(serviceId);
  }

  @Test
  void an_edited_export_is_previewed_entity_by_entity_then_applied() {
    String ws = workspaceWithEntities();
    ObjectNode file = (ObjectNode) admin().get("/" + ws + "/declarative?format=json").json();
    JsonNode before = admin().get("/" + ws + "/services/orders").json();
    ((ObjectNode) file.path("services").get(0)).put("retries", 2);
    ((ArrayNode) file.get("services")).addObject().put("name", "billing").put("host", "billing.test");
    file.remove("routes");

    AdminClient.Resp preview = importJson(ws, file, true);
    assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
    assertThat(preview.json().path("dry_run").asBoolean()).isTrue();
    assertThat(names(preview.json(), "created")).containsExactly("services:billing");
    assertThat(names(preview.json(), "updated")).containsExactly("services:orders");
    assertThat(preview.json().path("updated").get(0).path("fields").toString()).isEqualTo("[\"retries\"]");
    assertThat(names(preview.json(), "deleted")).containsExactly("routes:orders-r");
    // a dry run writes nothing
    assertThat(admin().get("/" + ws + "/routes/orders-r").status()).isEqualTo(200);
    assertThat(admin().get("/" + ws + "/services/billing").status()).isEqualTo(404);
    assertThat(admin().get("/" + ws + "/services/orders").json().path("retries").asInt()).isEqualTo(5);

    AdminClient.Resp applied = importJson(ws, file, false);
    assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    assertThat(applied.json().path("dry_run").asBoolean()).isFalse();
    assertThat(names(applied.json(), "deleted")).containsExactly("routes:orders-r");
    assertThat(admin().get("/" + ws + "/routes/orders-r").status()).isEqualTo(404);
    assertThat(admin().get("/" + ws + "/services/billing").status()).isEqualTo(200);
    assertThat(admin().get("/services/billing").status()).as("not in default").isEqualTo(404);
    JsonNode after = admin().get("/" + ws + "/services/orders").json();
    assertThat(after.path("retries").asInt()).isEqualTo(2);
    assertThat(after.path("created_at")).isEqualTo(before.path("created_at"));
    assertThat(admin().get("/" + ws + "/plugins").json().path("data")).hasSize(1);

    // the workspace now is the file: importing it again changes nothing
    JsonNode again = importJson(ws, file, true).json();
    assertThat(again.path("created")).isEmpty();
    assertThat(again.path("updated")).isEmpty();
    assertThat(again.path("deleted")).isEmpty();
  }

  @Test
  void a_hand_written_file_without_ids_keeps_the_live_ids_of_the_entities_it_names() {
    String ws = workspaceWithEntities();
    String serviceId = admin().get("/" + ws + "/services/orders").json().path("id").asText();
    String pluginId = admin().get("/" + ws + "/plugins").json().path("data").get(0).path("id").asText();
    String yaml = """
        _format_version: "3.0"
        _workspace: %s
        services:
        - name: orders
          host: orders-v2.test
          retries: 5
          routes:
          - name: orders-r
            paths: [/%s]
          plugins:
          - name: dummy
            config: {minute: 9}
        consumers:
        - username: ann
        """.formatted(ws, ws);
    AdminClient.Resp preview = importYaml(ws, yaml, true);
    assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
    assertThat(preview.json().path("created")).isEmpty();
    assertThat(preview.json().path("deleted")).isEmpty();
    assertThat(names(preview.json(), "updated")).containsExactly("plugins:" + pluginId, "services:orders");

    assertThat(importYaml(ws, yaml, false).status()).isEqualTo(200);
    JsonNode svc = admin().get("/" + ws + "/services/orders").json();
    assertThat(svc.path("id").asText()).isEqualTo(serviceId);
    assertThat(svc.path("host").asText()).isEqualTo("orders-v2.test");
    assertThat(admin().get("/" + ws + "/plugins/" + pluginId).json().path("config").path("minute").asInt()).isEqualTo(9);
  }

  /** Issue 19: ids a file leaves out are derived per workspace, so the same file makes independent entities. */
  @Test
  void the_same_file_without_ids_imported_into_two_workspaces_gives_each_its_own_entities() {
    String a = "same-a-" + SEQ.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase();
    String b = "same-b-" + SEQ.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase();
    String file = """
        _format_version: "3.0"
        _workspace: %s
        services:
        - name: shared
          host: shared.test
          routes:
          - name: shared-r
            paths: [/%s]
          plugins:
          - name: dummy
            config: {minute: 3}
        consumers:
        - username: pat
        upstreams:
        - name: shared.up
          targets:
          - target: 10.9.9.9:80
        """;
    for (String ws : List.of(a, b)) {
      assertThat(admin().post("/workspaces", "{\"name\":\"" + ws + "\"}").status()).isEqualTo(201);
    }
    AdminClient.Resp first = importYaml(a, file.formatted(a, a), false);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    JsonNode exportA = admin().get("/" + a + "/declarative?format=json").json();

    AdminClient.Resp second = importYaml(b, file.formatted(b, b), false);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(names(second.json(), "created")).hasSize(6);

    // the first workspace is exactly as it was: no row moved to the second, none overwritten
    assertThat(admin().get("/" + a + "/declarative?format=json").json()).isEqualTo(exportA);
    for (String path : List.of("/services/shared", "/routes/shared-r", "/consumers/pat", "/upstreams/shared.up")) {
      String idA = admin().get("/" + a + path).json().path("id").asText();
      String idB = admin().get("/" + b + path).json().path("id").asText();
      assertThat(idA).as(path).isNotEmpty().isNotEqualTo(idB);
    }
    assertThat(admin().get("/" + a + "/plugins").json().path("data").get(0).path("id"))
        .isNotEqualTo(admin().get("/" + b + "/plugins").json().path("data").get(0).path("id"));
    assertThat(admin().get("/" + b + "/routes/shared-r").json().path("paths").get(0).asText()).isEqualTo("/" + b);

    // importing again is no change in either workspace (the derived ids are stable)
    AdminClient.Resp again = importYaml(a, file.formatted(a, a), true);
    assertThat(again.json().path("created")).as(again.toString()).isEmpty();
    assertThat(again.json().path("deleted")).isEmpty();
  }

  /** A real clash: an id the file gives that another workspace's entity has is refused, nothing changes. */
  @Test
  void an_explicit_id_of_another_workspace_is_refused_and_changes_nothing() {
    String ws = workspaceWithEntities();
    String other = workspaceWithEntities();
    String otherId = admin().get("/" + other + "/services/orders").json().path("id").asText();
    JsonNode before = admin().get("/" + ws + "/declarative?format=json").json();
    JsonNode otherBefore = admin().get("/" + other + "/declarative?format=json").json();
    String yaml = """
        _format_version: "3.0"
        _workspace: %s
        services:
        - name: orders
          host: orders.test
          retries: 5
        - name: taken
          id: %s
          host: taken.test
        """.formatted(ws, otherId);
    AdminClient.Resp refused = importYaml(ws, yaml, false);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().path("code").asInt()).isEqualTo(3);
    assertThat(refused.json().path("message").asText()).contains(otherId);
    assertThat(admin().get("/" + ws + "/declarative?format=json").json()).isEqualTo(before);
    assertThat(admin().get("/" + other + "/declarative?format=json").json()).isEqualTo(otherBefore);
  }

  @Test
  void a_file_that_does_not_load_is_refused_with_kongs_errors_and_changes_nothing() {
    String ws = workspaceWithEntities();
    String yaml = """
        _format_version: "3.0"
        _workspace: %s
        services:
        - name: orders
          host: orders.test
          retries: not-a-number
        """.formatted(ws);
    AdminClient.Resp refused = admin().raw("POST", "/" + ws + "/declarative?flatten_errors=1", "application/yaml",
        yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("code").asInt()).isEqualTo(14);
    assertThat(refused.json().path("name").asText()).isEqualTo("invalid declarative configuration");
    assertThat(refused.json().path("flattened_errors").get(0).path("errors").get(0).path("field").asText()).isEqualTo("retries");
    assertThat(admin().get("/" + ws + "/routes/orders-r").status()).isEqualTo(200);

    // a file for another workspace is refused too
    AdminClient.Resp elsewhere = importYaml(ws, "_format_version: \"3.0\"\nservices: []\n", false);
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.json().path("fields").path("_workspace").asText()).contains("'default'", "'" + ws + "'");
    assertThat(admin().get("/" + ws + "/services/orders").status()).isEqualTo(200);
  }

  @Test
  void a_write_the_store_refuses_mid_import_rolls_back_the_writes_before_it() {
    String ws = workspaceWithEntities();
    String elsewhere = admin().post("/services", "{\"name\":\"default-svc-" + ws + "\",\"host\":\"d.test\"}").json()
        .path("id").asText();
    ObjectNode file = (ObjectNode) admin().get("/" + ws + "/declarative?format=json").json();
    ((ObjectNode) file.path("services").get(0)).put("retries", 1); // written first …
    ((ArrayNode) file.get("services")).addObject().put("id", elsewhere).put("name", "thief").put("host", "t.test");
    file.remove("consumers"); // … and a deletion that would come last

    AdminClient.Resp refused = importJson(ws, file, false);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().path("code").asInt()).isEqualTo(3);
    assertThat(refused.json().path("message").asText()).contains(elsewhere);
    assertThat(admin().get("/" + ws + "/services/orders").json().path("retries").asInt()).isEqualTo(5);
    assertThat(admin().get("/" + ws + "/consumers/ann").status()).isEqualTo(200);
    assertThat(admin().get("/" + ws + "/services/thief").status()).isEqualTo(404);
    assertThat(admin().get("/services/" + elsewhere).json().path("name").asText()).isEqualTo("default-svc-" + ws);
  }

  @Test
  void exporting_needs_read_and_importing_needs_create_update_and_delete_on_the_endpoint() {
    String ws = workspaceWithEntities();
    String n = ws.replace("-", "");
    for (String[] role : List.of(new String[] {"r" + n, "read"}, new String[] {"cu" + n, "read,create,update"},
        new String[] {"all" + n, "read,create,update,delete"})) {
      assertThat(admin().post("/" + ws + "/rbac/roles", "{\"name\":\"" + role[0] + "\"}").status()).isEqualTo(201);
      AdminClient.Resp rule = admin().post("/" + ws + "/rbac/roles/" + role[0] + "/endpoints",
          "{\"endpoint\":\"/declarative\",\"actions\":\"" + role[1] + "\"}");
      assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
    }
    AdminClient reader = node().user("u-r" + n, "tok-r-" + n);
    AdminClient partial = node().user("u-cu" + n, "tok-cu-" + n);
    AdminClient full = node().user("u-all" + n, "tok-all-" + n);
    for (String[] grant : List.of(new String[] {"u-r" + n, "r" + n}, new String[] {"u-cu" + n, "cu" + n},
        new String[] {"u-all" + n, "all" + n})) {
      AdminClient.Resp g = admin().post("/" + ws + "/rbac/users/" + grant[0] + "/roles", "{\"roles\":\"" + grant[1] + "\"}");
      assertThat(g.status()).as(g.toString()).isEqualTo(201);
    }
    String file = admin().get("/" + ws + "/declarative?format=json").text();

    assertThat(reader.get("/" + ws + "/declarative").status()).isEqualTo(200);
    assertThat(reader.get("/declarative").status()).as("not in default").isEqualTo(403);
    AdminClient.Resp r = reader.post("/" + ws + "/declarative?dry_run=true", file);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.message()).endsWith("you do not have permissions to create this resource");
    AdminClient.Resp cu = partial.post("/" + ws + "/declarative", file);
    assertThat(cu.status()).isEqualTo(403);
    assertThat(cu.message()).endsWith("you do not have permissions to delete this resource");
    assertThat(full.post("/" + ws + "/declarative", file).status()).isEqualTo(200);
  }
}
