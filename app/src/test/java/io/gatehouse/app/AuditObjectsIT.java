package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kong Enterprise's database audit on a whole node, on SQLite and on PostgreSQL: every
 * configuration row an audited Admin API write creates, updates or deletes (cascades included) is
 * listed at {@code /audit/objects} with the write's request id, the RBAC user, the row's JSON and a
 * signature; a write that fails leaves no row; {@code audit_log_ignore_tables} leaves a table out.
 */
class AuditObjectsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "audit-objects-password-1";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void every_row_an_audited_write_changes_is_listed_with_its_request(StoreKind store) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path keyFile = AuditSignatures.writePrivateKey(dir.resolve("audit-signing.pem"), keys);
    Map<String, String> conf = new HashMap<>(store.settings());
    conf.putAll(Map.of("audit_log", "on", "enforce_rbac", "on", "password", TOKEN,
        "audit_log_ignore_tables", "consumers", "audit_log_signing_key", keyFile.toString()));
    try (WholeNode node = new WholeNode(dir.resolve("node"), conf)) {
      AdminClient admin = node.admin.withHeader("Kong-Admin-Token", TOKEN);
      String defaultWs = admin.get("/workspaces/default").json().path("id").asText();

      AdminClient.Resp service = admin.post("/services", "{\"name\":\"audited\",\"host\":\"audited.test\"}");
      assertThat(service.status()).isEqualTo(201);
      String serviceId = service.json().path("id").asText();
      AdminClient.Resp plugin = admin.post("/services/audited/plugins", "{\"name\":\"key-auth\"}");
      assertThat(plugin.status()).isEqualTo(201);
      AdminClient.Resp patched = admin.json("PATCH", "/services/audited", "{\"retries\":2}");
      assertThat(patched.status()).isEqualTo(200);
      AdminClient.Resp clash = admin.post("/services", "{\"name\":\"audited\",\"host\":\"other.test\"}");
      assertThat(clash.status()).isEqualTo(409);
      AdminClient.Resp consumer = admin.post("/consumers", "{\"username\":\"ignored\"}");
      assertThat(consumer.status()).isEqualTo(201);
      AdminClient.Resp key = admin.post("/consumers/ignored/key-auth", "{\"key\":\"audit-key-1\"}");
      assertThat(key.status()).isEqualTo(201);
      AdminClient.Resp deleted = admin.delete("/services/audited");
      assertThat(deleted.status()).isEqualTo(204);

      List<JsonNode> objects = all(admin);
      JsonNode created = only(objects, service);
      assertThat(created.path("dao_name").asText()).isEqualTo("services");
      assertThat(created.path("operation").asText()).isEqualTo("create");
      assertThat(created.path("entity_key").asText()).isEqualTo(serviceId);
      assertThat(created.path("workspace").asText()).isEqualTo(defaultWs);
      assertThat(created.path("rbac_user_name").asText()).isEqualTo("kong_admin");
      assertThat(created.path("rbac_user_id").asText()).isNotEmpty();
      assertThat(created.path("ttl").asLong()).isPositive();
      JsonNode createdEntity = JSON.readTree(created.path("entity").asText()); // a JSON string, as Kong's
      assertThat(createdEntity.path("name").asText()).isEqualTo("audited");
      assertThat(createdEntity.path("id").asText()).isEqualTo(serviceId);

      JsonNode pluginRow = only(objects, plugin);
      assertThat(pluginRow.path("dao_name").asText()).isEqualTo("plugins");
      assertThat(pluginRow.path("operation").asText()).isEqualTo("create");

      JsonNode update = only(objects, patched);
      assertThat(update.path("operation").asText()).isEqualTo("update");
      assertThat(JSON.readTree(update.path("entity").asText()).path("retries").asInt()).isEqualTo(2);

      assertThat(of(objects, clash)).isEmpty(); // the failed write changed nothing, so nothing is listed
      assertThat(of(objects, consumer)).isEmpty(); // audit_log_ignore_tables = consumers
      assertThat(admin.get("/audit/requests?size=1000").json().path("data").findValuesAsText("request_id"))
          .contains(requestId(clash), requestId(consumer)); // both writes still have their request records
      JsonNode credential = only(objects, key);
      assertThat(credential.path("dao_name").asText()).isEqualTo("keyauth_credentials");

      // the delete lists the service as it was and the plugin its cascade took with it
      List<JsonNode> gone = of(objects, deleted);
      assertThat(gone).extracting(o -> o.path("dao_name").asText()).containsExactlyInAnyOrder("services", "plugins");
      assertThat(gone).allSatisfy(o -> assertThat(o.path("operation").asText()).isEqualTo("delete"));
      JsonNode goneService = gone.stream().filter(o -> o.path("dao_name").asText().equals("services")).findFirst().orElseThrow();
      assertThat(JSON.readTree(goneService.path("entity").asText()).path("retries").asInt()).isEqualTo(2);

      // newest first, each signed with the node's key
      for (int i = 1; i < objects.size(); i++) {
        assertThat(objects.get(i).path("request_timestamp").asLong())
            .isLessThanOrEqualTo(objects.get(i - 1).path("request_timestamp").asLong());
      }
      for (JsonNode o : objects) {
        assertThat(AuditSignatures.verifies(keys.getPublic(), o)).as("signature of %s", o).isTrue();
      }
      ObjectNode tampered = objects.getFirst().deepCopy();
      tampered.put("operation", "create");
      tampered.put("entity_key", "forged");
      assertThat(AuditSignatures.verifies(keys.getPublic(), tampered)).isFalse();

      assertThat(node.admin.get("/audit/objects").status()).isEqualTo(401); // RBAC applies to the listing
    }
  }

  private static String requestId(AdminClient.Resp r) {
    return r.headers().firstValue("X-Kong-Admin-Request-ID").orElseThrow();
  }

  private static List<JsonNode> of(List<JsonNode> objects, AdminClient.Resp write) {
    String id = requestId(write);
    return objects.stream().filter(o -> o.path("request_id").asText().equals(id)).toList();
  }

  private static JsonNode only(List<JsonNode> objects, AdminClient.Resp write) {
    List<JsonNode> rows = of(objects, write);
    assertThat(rows).hasSize(1);
    return rows.getFirst();
  }

  /** Every record, following the pages two at a time. */
  private static List<JsonNode> all(AdminClient admin) {
    List<JsonNode> out = new ArrayList<>();
    String next = "/audit/objects?size=2";
    while (next != null) {
      AdminClient.Resp page = admin.get(next);
      assertThat(page.status()).isEqualTo(200);
      page.json().path("data").forEach(out::add);
      next = page.json().path("next").isNull() ? null : page.json().path("next").asText();
    }
    return out;
  }
}
