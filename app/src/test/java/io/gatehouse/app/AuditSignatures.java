package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A receiver's side of signed audit records, written from docs/rbac.md ("Signed records") with the
 * JDK and Jackson, not the node's code: the key file a node is given, and the check of a record.
 */
final class AuditSignatures {
  private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private AuditSignatures() {}

  /** Writes {@code keys}' private key as PKCS#8 PEM, for {@code audit_log_signing_key}. */
  static Path writePrivateKey(Path file, KeyPair keys) throws Exception {
    return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
  }

  /** Whether the record's {@code signature} covers the record without {@code signature} and {@code ttl}, keys sorted. */
  static boolean verifies(PublicKey key, JsonNode record) throws Exception {
    ObjectNode signed = record.deepCopy();
    String signature = signed.path("signature").asText();
    signed.remove("signature");
    signed.remove("ttl");
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(key);
    s.update(SORTED.writeValueAsBytes(SORTED.convertValue(signed, Object.class)));
    return !signature.isEmpty() && s.verify(Base64.getDecoder().decode(signature));
  }
}
