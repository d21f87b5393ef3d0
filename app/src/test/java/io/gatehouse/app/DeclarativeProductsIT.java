package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the portal's API products in a declarative file's {@code _gatehouse_products} section, through
 * {@code /declarative}: an import creates, updates and removes products as {@code /portal/products} does (same
 * guards), the export carries them by service name, a bad product is Kong's code-14 error and nothing of the file is
 * applied; the real decK (Debian's 1.4, {@code /usr/bin/deck}) refuses a file with the key but its dump, diff and
 * sync against the node neither fail nor touch the products.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeclarativeProductsIT {
  private static final String DECK = "/usr/bin/deck";
  @TempDir Path dir;

  private static String file(String upstream, String products) {
    return """
        {"_format_version":"3.0",
         "services":[{"name":"weather","url":"%s","routes":[{"name":"weather","paths":["/weather"]}]}],
         "_gatehouse_products":%s}""".formatted(upstream, products);
  }

  @Test
  void products_round_trip_through_the_declarative_file_and_survive_deck() throws Exception {
    try (WholeNode n = new WholeNode(dir.resolve("node"), PortalIT.portalSettings(StoreKind.SQLITE))) {
      AdminClient admin = n.admin;
      String upstream = n.upstream.url("/");
      AdminClient.Resp created = admin.post("/declarative", file(upstream, """
          [{"name":"Weather","description":"Forecasts","version":"1.0","service_ids":["weather"],
            "plans":[{"name":"basic","hour":3}],"auto_approve":true}]"""));
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      assertThat(created.json().at("/_gatehouse_products/created/0").asText()).isEqualTo("Weather");
      String serviceId = admin.get("/services/weather").json().get("id").asText();
      JsonNode product = admin.get("/portal/products").json().get("data").get(0);
      assertThat(product.get("name").asText()).isEqualTo("Weather");
      assertThat(product.get("service_ids").get(0).asText()).isEqualTo(serviceId);
      assertThat(product.get("auto_approve").asBoolean()).isTrue();
      // the guards are written as POST /portal/products writes them: key-auth and acl on the service
      assertThat(admin.get("/services/weather/plugins").json().get("data")).extracting(p -> p.get("name").asText())
          .contains("key-auth", "acl");
      n.awaitStatus(401, "/weather");

      // the export carries the section, services by name
      JsonNode export = admin.get("/declarative?format=json").json();
      JsonNode section = export.get("_gatehouse_products");
      assertThat(section).hasSize(1);
      assertThat(section.get(0).get("service_ids").get(0).asText()).isEqualTo("weather");
      assertThat(section.get(0).get("plans").get(0).get("name").asText()).isEqualTo("basic");

      // a bad product: Kong's error shape, and nothing of the file applied (not even its new service)
      AdminClient.Resp bad = admin.post("/declarative", """
          {"_format_version":"3.0","services":[{"name":"weather","url":"%s"},{"name":"extra","url":"%s"}],
           "_gatehouse_products":[{"name":"Weather","service_ids":["nope"],"plans":[]}]}""".formatted(upstream, upstream));
      assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
      assertThat(bad.json().get("code").asInt()).isEqualTo(14);
      assertThat(bad.json().at("/fields/_gatehouse_products/0/service_ids").asText()).contains("nope");
      assertThat(admin.get("/services/extra").status()).isEqualTo(404);
      assertThat(admin.get("/portal/products").json().get("data")).hasSize(1);

      // re-importing the export changes nothing; an update changes the product in place
      AdminClient.Resp again = admin.post("/declarative", export.toString());
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(again.json().get("_gatehouse_products").get("updated")).isEmpty();
      assertThat(again.json().get("_gatehouse_products").get("created")).isEmpty();
      ((com.fasterxml.jackson.databind.node.ObjectNode) section.get(0)).put("description", "Forecasts by city");
      AdminClient.Resp updated = admin.post("/declarative", export.toString());
      assertThat(updated.json().at("/_gatehouse_products/updated/0").asText()).as(updated.toString()).isEqualTo("Weather");
      assertThat(admin.get("/portal/products").json().at("/data/0/description").asText()).isEqualTo("Forecasts by city");
      assertThat(admin.get("/portal/products").json().at("/data/0/id").asText()).isEqualTo(product.get("id").asText());

      deck(n, serviceId);

      // an empty section removes the products (a file without the section leaves them alone, as decK did)
      AdminClient.Resp removed = admin.post("/declarative", file(upstream, "[]"));
      assertThat(removed.json().at("/_gatehouse_products/deleted/0").asText()).as(removed.toString()).isEqualTo("Weather");
      assertThat(admin.get("/portal/products").json().get("data")).isEmpty();
    }
  }

  @Test
  void importing_products_needs_the_same_rights_on_portal_products() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("enforce_rbac", "on");
    conf.put("password", "bootstrap-products-token");
    try (WholeNode n = new WholeNode(dir.resolve("rbac"), conf)) {
      AdminClient admin = n.admin.withHeader("Kong-Admin-Token", "bootstrap-products-token");
      String upstream = n.upstream.url("/");
      // an operator who may replace the configuration but not touch the portal's products
      assertThat(admin.post("/rbac/roles", "{\"name\":\"config-only\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/roles/config-only/endpoints",
          "{\"endpoint\":\"/declarative\",\"actions\":\"read,create,update,delete\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/users", "{\"name\":\"ops\",\"user_token\":\"ops-token\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/users/ops/roles", "{\"roles\":\"config-only\"}").status()).isEqualTo(201);
      AdminClient ops = n.admin.withHeader("Kong-Admin-Token", "ops-token");

      String withProducts = file(upstream, "[{\"name\":\"Weather\",\"service_ids\":[\"weather\"],\"plans\":[{\"name\":\"basic\",\"hour\":3}]}]");
      AdminClient.Resp refused = ops.post("/declarative", withProducts);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
      assertThat(admin.get("/services/weather").status()).isEqualTo(404); // nothing of the file applied
      assertThat(admin.get("/portal/products").json().get("data")).isEmpty();
      // the same file without the section is the operator's to import
      AdminClient.Resp plain = ops.post("/declarative", """
          {"_format_version":"3.0","services":[{"name":"weather","url":"%s"}]}""".formatted(upstream));
      assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
      // with the rights on /portal/products too, the section goes in
      assertThat(admin.post("/rbac/roles/config-only/endpoints",
          "{\"endpoint\":\"/portal/products\",\"actions\":\"read,create,update,delete\"}").status()).isEqualTo(201);
      AdminClient.Resp allowed = ops.post("/declarative", withProducts);
      assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
      assertThat(admin.get("/portal/products").json().at("/data/0/name").asText()).isEqualTo("Weather");
    }
  }

  @Test
  void a_dbless_node_loads_a_file_with_products_and_serves_its_entities() throws Exception {
    try (var upstream = EchoUpstream.start()) {
      Path kongYml = Files.writeString(dir.resolve("kong.yml"), file(upstream.url("/"),
          "[{\"name\":\"Weather\",\"service_ids\":[\"weather\"]}]"));
      try (WholeNode n = new WholeNode(dir.resolve("dbless"), Map.of("database", "off",
          "declarative_config", kongYml.toString()))) {
        // no portal without a database: the products are not served, the file's entities are
        n.awaitStatus(200, "/weather");
        assertThat(n.admin.get("/config").status()).isEqualTo(200);
        // POST /config takes the same file
        AdminClient.Resp posted = n.admin.post("/config", Files.readString(kongYml));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
      }
    }
  }

  /** decK against the node: it refuses the key in its own files, but dump/diff/sync keep the products. */
  private void deck(WholeNode n, String serviceId) throws Exception {
    if (!Files.isExecutable(Path.of(DECK))) {
      throw new org.opentest4j.TestAbortedException("decK is not installed at " + DECK);
    }
    String url = n.admin.base();
    Path withKey = Files.writeString(dir.resolve("with-key.yml"), "_format_version: \"1.1\"\n"
        + "_gatehouse_products: []\n");
    CliProcess.Result refused = run(List.of(DECK, "--no-color", "validate", "-s", withKey.toString()));
    assertThat(refused.exit()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("_gatehouse_products");

    Path dump = dir.resolve("dump.yaml");
    deckOk("dump", "-o", dump.toString(), "--kong-addr", url);
    assertThat(Files.readString(dump)).contains("name: weather").doesNotContain("_gatehouse_products");
    assertThat(deckOk("diff", "-s", dump.toString(), "--kong-addr", url).out())
        .contains("Created: 0", "Updated: 0", "Deleted: 0");
    deckOk("sync", "-s", dump.toString(), "--kong-addr", url);
    JsonNode products = n.admin.get("/portal/products").json().get("data");
    assertThat(products).hasSize(1);
    assertThat(products.get(0).get("service_ids").get(0).asText()).isEqualTo(serviceId);
    n.awaitStatus(401, "/weather"); // guards still in place
    assertThat(n.admin.get("/services/weather/plugins").json().get("data")).extracting(p -> p.get("name").asText())
        .contains("key-auth", "acl");
    // the Gatehouse export still has the section after decK's sync
    assertThat(n.admin.get("/declarative?format=json").json().get("_gatehouse_products")).hasSize(1);
  }

  private CliProcess.Result deckOk(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DECK, "--no-color"));
    cmd.addAll(List.of(args));
    CliProcess.Result r = run(cmd);
    assertThat(r.exit()).as(String.join(" ", cmd) + " -> " + r).isZero();
    return r;
  }

  private CliProcess.Result run(List<String> cmd) throws Exception {
    Path out = Files.createTempFile(dir, "deck", ".out");
    Path err = Files.createTempFile(dir, "deck", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new CliProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
