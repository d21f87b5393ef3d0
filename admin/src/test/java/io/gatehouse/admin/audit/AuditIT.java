package io.gatehouse.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log records every Admin API write — allowed or refused — with who, what, status and
 * digests of the resource before and after, lists it at {@code /audit/requests} newest first, and
 * forgets records older than the retention (60 s here, on a clock the test moves).
 */
class AuditIT {
  private static final AtomicLong NOW = new AtomicLong(1_800_000_000L);
  private static RbacNode node;
  private static AdminClient reader;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ON, NOW::get);
    reader = node.user("auditor", "auditor-token-1", "read-only");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String requestId(AdminClient.Resp r) {
    return r.headers().firstValue("X-Kong-Admin-Request-ID").orElseThrow();
  }

  /** Every record, following the pages. */
  private static List<JsonNode> all() {
    List<JsonNode> out = new ArrayList<>();
    String next = "/audit/requests?size=2";
    while (next != null) {
      AdminClient.Resp page = node.superAdmin.get(next);
      assertThat(page.status()).isEqualTo(200);
      page.json().path("data").forEach(out::add);
      next = page.json().path("next").isNull() ? null : page.json().path("next").asText();
    }
    return out;
  }

  private static JsonNode record(String requestId) {
    return all().stream().filter(r -> r.path("request_id").asText().equals(requestId)).findFirst().orElseThrow();
  }

  @Test
  void writes_are_recorded_with_who_status_and_digests() throws Exception {
    AdminClient.Resp created = node.superAdmin.post("/services", "{\"name\":\"audited\",\"host\":\"audited.test\"}");
    assertThat(created.status()).isEqualTo(201);
    String before = sha256(node.superAdmin.get("/services/audited").text());
    NOW.incrementAndGet();
    AdminClient.Resp patched = node.superAdmin.json("PATCH", "/services/audited", "{\"retries\":2}");
    String after = sha256(node.superAdmin.get("/services/audited").text());
    NOW.incrementAndGet();
    AdminClient.Resp refused = reader.post("/services", "{\"host\":\"x.test\"}");
    AdminClient.Resp anonymous = node.anonymous.json("DELETE", "/services/audited", "");
    NOW.incrementAndGet();
    AdminClient.Resp deleted = node.superAdmin.delete("/services/audited");
    assertThat(deleted.status()).isEqualTo(204);

    JsonNode post = record(requestId(created));
    assertThat(post.path("method").asText()).isEqualTo("POST");
    assertThat(post.path("path").asText()).isEqualTo("/services");
    assertThat(post.path("status").asInt()).isEqualTo(201);
    assertThat(post.path("rbac_user_name").asText()).isEqualTo("kong_admin");
    assertThat(post.path("rbac_user_id").asText()).isNotEmpty();
    assertThat(post.path("client_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(post.path("before_digest").isNull()).isTrue();
    assertThat(post.path("after_digest").asText()).isEqualTo(sha256(created.text()));
    assertThat(post.path("ttl").asLong()).isBetween(55L, 60L);

    JsonNode patch = record(requestId(patched));
    assertThat(patch.path("before_digest").asText()).isEqualTo(before);
    assertThat(patch.path("after_digest").asText()).isEqualTo(after).isNotEqualTo(before);

    JsonNode forbidden = record(requestId(refused));
    assertThat(forbidden.path("status").asInt()).isEqualTo(403);
    assertThat(forbidden.path("rbac_user_name").asText()).isEqualTo("auditor");
    assertThat(forbidden.path("before_digest").isNull()).isTrue();
    assertThat(forbidden.path("after_digest").isNull()).isTrue();

    JsonNode unauthenticated = record(requestId(anonymous));
    assertThat(unauthenticated.path("status").asInt()).isEqualTo(401);
    assertThat(unauthenticated.path("rbac_user_name").isNull()).isTrue();
    assertThat(unauthenticated.path("before_digest").isNull()).isTrue(); // no handler ran for it

    JsonNode delete = record(requestId(deleted));
    assertThat(delete.path("before_digest").asText()).isEqualTo(after);
    assertThat(delete.path("after_digest").isNull()).isTrue();

    // newest first; reads are not recorded
    List<JsonNode> records = all();
    assertThat(records.getFirst().path("request_id").asText()).isEqualTo(requestId(deleted));
    assertThat(records).allSatisfy(r -> assertThat(Set.of("POST", "PUT", "PATCH", "DELETE")).contains(r.path("method").asText()));
    assertThat(node.superAdmin.get("/services").headers().firstValue("X-Kong-Admin-Request-ID")).isEmpty();
  }

  @Test
  void records_older_than_the_retention_are_forgotten() {
    AdminClient.Resp old = node.superAdmin.post("/consumers", "{\"username\":\"aged\"}");
    assertThat(old.status()).isEqualTo(201);
    assertThat(all()).anySatisfy(r -> assertThat(r.path("request_id").asText()).isEqualTo(requestId(old)));
    NOW.addAndGet(61);
    AdminClient.Resp fresh = node.superAdmin.delete("/consumers/aged");
    List<JsonNode> records = all();
    assertThat(records).noneSatisfy(r -> assertThat(r.path("request_id").asText()).isEqualTo(requestId(old)));
    assertThat(records).anySatisfy(r -> assertThat(r.path("request_id").asText()).isEqualTo(requestId(fresh)));
  }
}
