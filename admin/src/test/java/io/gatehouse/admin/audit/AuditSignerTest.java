package io.gatehouse.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.store.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code audit_log_signing_key}: records signed with SHA256withRSA over their canonical form. */
class AuditSignerTest {
  private static String pem(KeyPair keys) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static ObjectNode record() {
    return AuditRecordJson.of(new AuditRecord("0123456789abcdef0123456789abcdef", "ws-1", "127.0.0.1", "POST",
        "/services", 201, "user-1", "ops", 1_800_000_000L, null, "ab".repeat(32), 1_800_000_060L), 1_800_000_000L);
  }

  @Test
  void the_signature_verifies_with_the_public_key_over_the_sorted_record_without_signature_and_ttl() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    ObjectNode r = record();
    AuditSigner.of(pem(keys)).sign(r);
    // what `jq -cjS 'del(.signature, .ttl)'` prints for this record
    String expected = "{\"after_digest\":\"" + "ab".repeat(32) + "\",\"before_digest\":null,\"client_ip\":\"127.0.0.1\","
        + "\"method\":\"POST\",\"path\":\"/services\",\"payload\":null,\"rbac_user_id\":\"user-1\",\"rbac_user_name\":\"ops\","
        + "\"removed_from_payload\":null,\"request_id\":\"0123456789abcdef0123456789abcdef\",\"request_source\":null,"
        + "\"request_timestamp\":1800000000,\"status\":201,\"workspace\":\"ws-1\"}";
    assertThat(new String(AuditSigner.canonical(r), StandardCharsets.UTF_8)).isEqualTo(expected);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(keys.getPublic());
    s.update(expected.getBytes(StandardCharsets.UTF_8));
    assertThat(s.verify(Base64.getDecoder().decode(r.path("signature").asText()))).isTrue();

    ObjectNode aged = r.deepCopy().put("ttl", 1); // ttl is not signed: the listing's copy still verifies
    assertThat(AuditSigner.canonical(aged)).isEqualTo(AuditSigner.canonical(r));
    ObjectNode tampered = r.deepCopy().put("status", 200);
    s.initVerify(keys.getPublic());
    s.update(AuditSigner.canonical(tampered));
    assertThat(s.verify(Base64.getDecoder().decode(r.path("signature").asText()))).isFalse();
  }

  @Test
  void a_key_that_is_not_an_rsa_private_key_is_refused() throws Exception {
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    assertThatThrownBy(() -> AuditSigner.of(pem(ec))).hasMessageContaining("audit_log_signing_key");
    assertThatThrownBy(() -> AuditSigner.of("not a key")).hasMessageContaining("audit_log_signing_key");
  }
}
