package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Each portal operation and each declarative import is one store transaction over the portal's rows and the Kong
 * entities it writes (docs/portal.md, "What the proxy sees"): a write the store or the portal refuses half-way leaves
 * neither changed, on SQLite and PostgreSQL. The failures are real ones: an {@code acl} plugin in deny mode where a
 * product's guard goes (the portal refuses it, 400), an application whose consumer was deleted (its grant is Kong's
 * foreign key violation).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class PortalTransactionsIT {
  @Parameter StoreKind storeKind;
  @TempDir Path dir;

  @Test
  void an_import_whose_product_cannot_be_guarded_writes_neither_entities_nor_products() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      AdminClient admin = n.admin;
      String upstream = n.upstream.url("/");
      AdminClient.Resp first = admin.post("/declarative", """
          {"_format_version":"3.0","services":[{"name":"weather","url":"%s","routes":[{"name":"weather","paths":["/weather"]}]}],
           "_gatehouse_products":[{"name":"Weather","service_ids":["weather"]}]}""".formatted(upstream));
      assertThat(first.status()).as(first.toString()).isEqualTo(200);
      List<String> guards = tagged(admin);
      int audited = admin.get("/audit/objects?size=1000").json().get("data").size();

      // the file drops Weather (its guards and its row would go) and adds a product on a service whose acl denies:
      // the portal cannot guard it, so the whole file is refused, entities and products alike
      AdminClient.Resp refused = admin.post("/declarative", """
          {"_format_version":"3.0","services":[
            {"name":"weather","url":"%s","routes":[{"name":"weather","paths":["/weather"]}]},
            {"name":"extra","url":"%s","plugins":[{"name":"acl","config":{"deny":["blocked"]}}]}],
           "_gatehouse_products":[{"name":"Extra","service_ids":["extra"]}]}""".formatted(upstream, upstream));
      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.json().path("fields").path("service_ids").asText()).contains("deny mode");
      assertThat(admin.get("/services/extra").status()).isEqualTo(404);
      assertThat(names(admin.get("/portal/products"))).containsExactly("Weather");
      assertThat(tagged(admin)).isEqualTo(guards);
      // the entity rows' audit records were written in the transaction that rolled back
      assertThat(admin.get("/audit/objects?size=1000").json().get("data")).hasSize(audited);
      n.awaitStatus(401, "/weather"); // still guarded

      // a document that cannot be fetched is found before the transaction (no fetch holds the writer): code 14
      AdminClient.Resp unfetched = admin.post("/declarative", """
          {"_format_version":"3.0","services":[
            {"name":"weather","url":"%s","routes":[{"name":"weather","paths":["/weather"]}]},{"name":"extra","url":"%s"}],
           "_gatehouse_products":[{"name":"Weather","service_ids":["weather"]},
             {"name":"Extra","service_ids":["extra"],"openapi_url":"http://127.0.0.1:1/openapi.yaml"}]}"""
          .formatted(upstream, upstream));
      assertThat(unfetched.status()).as(unfetched.toString()).isEqualTo(400);
      assertThat(unfetched.json().get("code").asInt()).isEqualTo(14);
      assertThat(unfetched.json().at("/fields/_gatehouse_products/1/openapi_url").asText()).contains("127.0.0.1:1");
      assertThat(admin.get("/services/extra").status()).isEqualTo(404);
      assertThat(names(admin.get("/portal/products"))).containsExactly("Weather");
    }
  }

  @Test
  void a_product_patch_whose_guards_cannot_be_written_leaves_the_product_as_it_was() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      AdminClient admin = n.admin;
      n.serviceAndRoute("weather", "/weather");
      AdminClient.Resp product = admin.post("/portal/products", """
          {"name":"Weather","description":"Forecasts","service_ids":["weather"]}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      // an operator turns the portal's acl into a deny list: the product's guards cannot be written again
      String acl = null;
      for (JsonNode p : admin.get("/services/weather/plugins").json().get("data")) {
        if (p.get("name").asText().equals("acl")) acl = p.get("id").asText();
      }
      AdminClient.Resp denied = admin.json("PATCH", "/plugins/" + acl, "{\"config\":{\"allow\":null,\"deny\":[\"blocked\"]}}");
      assertThat(denied.status()).as(denied.toString()).isEqualTo(200);

      AdminClient.Resp patched = admin.json("PATCH", "/portal/products/Weather", "{\"description\":\"Changed\"}");
      assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
      assertThat(admin.get("/portal/products/Weather").json().get("description").asText()).isEqualTo("Forecasts");
    }
  }

  @Test
  void a_subscription_whose_grant_fails_is_not_stored() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      AdminClient admin = n.admin;
      n.serviceAndRoute("weather", "/weather");
      assertThat(admin.post("/portal/products", """
          {"name":"Weather","service_ids":["weather"],"auto_approve":true}""").status()).isEqualTo(201);
      AdminClient dev = PortalIT.approvedDeveloper(n, "ada@example.com");
      AdminClient.Resp app = dev.post("/applications", "{\"name\":\"my-app\"}");
      assertThat(app.status()).as(app.toString()).isEqualTo(201);
      String appId = app.json().get("id").asText();
      // a full decK sync (or an operator) deleted the application's consumer: approval cannot grant it the group
      assertThat(admin.delete("/consumers/portal-app-" + appId).status()).isEqualTo(204);

      AdminClient.Resp sub = dev.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Weather\"}");
      assertThat(sub.status()).as(sub.toString()).isEqualTo(400);
      assertThat(sub.json().get("code").asInt()).isEqualTo(4); // Kong's foreign key violation
      assertThat(admin.get("/portal/subscriptions").json().get("data")).isEmpty();
      assertThat(admin.get("/acls").json().get("data")).isEmpty();
    }
  }

  @Test
  void a_db_import_whose_product_cannot_be_guarded_writes_nothing() throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(storeKind.settings());
    settings.put("portal", "on");
    Path conf = Files.writeString(dir.resolve("portal.conf"), settings.entrySet().stream()
        .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    Path prefix = dir.resolve("node");
    Path bad = Files.writeString(dir.resolve("bad.yml"), """
        _format_version: "3.0"
        services:
        - name: extra
          url: http://extra.internal
          plugins:
          - {name: acl, config: {deny: [blocked]}}
        _gatehouse_products:
        - {name: Extra, service_ids: [extra]}
        """);
    String[] refused = run("config", "db_import", bad.toString(), "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(refused[0]).as(String.join("\n", refused)).isEqualTo("1");
    assertThat(refused[2]).contains("deny mode", "nothing was imported");

    Path out = dir.resolve("out.yml");
    String[] exported = run("config", "db_export", out.toString(), "-c", conf.toString(), "--prefix", prefix.toString());
    assertThat(exported[0]).as(String.join("\n", exported)).isEqualTo("0");
    assertThat(Files.readString(out)).doesNotContain("extra.internal", "name: Extra", "name: acl");
  }

  /** Status, out and err of one command. */
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new String[] {Integer.toString(cli.execute(args)), out.toString(), err.toString()};
  }

  /** The ids of the portal's plugins. */
  private static List<String> tagged(AdminClient admin) {
    return values(admin.get("/plugins?tags=gatehouse-portal"), "id").stream().sorted().toList();
  }

  private static List<String> names(AdminClient.Resp page) {
    return values(page, "name");
  }

  private static List<String> values(AdminClient.Resp page, String field) {
    List<String> out = new java.util.ArrayList<>();
    page.json().get("data").forEach(row -> out.add(row.get(field).asText()));
    return out;
  }
}
