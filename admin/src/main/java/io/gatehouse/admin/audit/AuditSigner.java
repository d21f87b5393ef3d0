package io.gatehouse.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.Pem;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs audit records with the RSA private key of {@code audit_log_signing_key}: the
 * {@code signature} field is the Base64 SHA256withRSA signature of the record's canonical form —
 * its JSON without {@code signature} and {@code ttl} (which changes as the record ages), keys
 * sorted, no spaces: what {@code jq -cjS 'del(.signature, .ttl)'} prints.
 */
public final class AuditSigner {
  private static final ObjectMapper SORTED = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final PrivateKey key;

  private AuditSigner(PrivateKey key) {
    this.key = key;
  }

  /**
   * @param pem the key in PEM ({@code PRIVATE KEY} or {@code RSA PRIVATE KEY})
   * @throws IllegalArgumentException when it is not an RSA private key
   */
  public static AuditSigner of(String pem) {
    PrivateKey key = Pem.privateKey(pem);
    if (key == null || !"RSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("audit_log_signing_key: expected an RSA private key in PEM");
    }
    return new AuditSigner(key);
  }

  /** Sets the record's {@code signature} and returns it. */
  String sign(ObjectNode record) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(canonical(record));
      String signature = Base64.getEncoder().encodeToString(s.sign());
      record.put("signature", signature);
      return signature;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit record", e);
    }
  }

  /** The bytes a signature covers (a verifier computes the same from the record it received). */
  public static byte[] canonical(ObjectNode record) {
    ObjectNode copy = record.deepCopy();
    copy.remove("signature");
    copy.remove("ttl");
    try {
      // a tree's fields are sorted only through a Map
      return SORTED.writeValueAsBytes(SORTED.convertValue(copy, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an audit record", e);
    }
  }
}
