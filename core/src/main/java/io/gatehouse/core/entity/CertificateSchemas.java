package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.util.List;

/** Kong's {@code certificates}, {@code snis} and {@code ca_certificates} (reference §1.8). */
public final class CertificateSchemas {
  private CertificateSchemas() {}

  public static Schema certificates() {
    return Schema.builder("certificates")
        .fields(
            id(),
            createdAt(),
            updatedAt(),
            Field.string("cert").required().referenceable().check(v -> Pem.certificateError(v.asText())),
            Field.string("key").required().referenceable().check(v -> Pem.keyError(v.asText())),
            Field.string("cert_alt").referenceable().check(v -> Pem.certificateError(v.asText())),
            Field.string("key_alt").referenceable().check(v -> Pem.keyError(v.asText())),
            tags())
        .check(EntityCheck.mutuallyRequired("cert_alt", "key_alt"))
        .check(EntityCheck.custom(List.of("cert", "key"), (e, errors) -> {
          if (!Pem.matches(e.path("cert").asText(), e.path("key").asText())) {
            errors.entity("certificate does not match key");
          }
          if (e.hasNonNull("cert_alt") && !Pem.matches(e.get("cert_alt").asText(), e.get("key_alt").asText())) {
            errors.entity("alternative certificate does not match key");
          } else if (e.hasNonNull("cert_alt") && Pem.sameKeyType(e.path("cert").asText(), e.get("cert_alt").asText())) {
            errors.entity("certificate and alternative certificate need to have different type (e.g. RSA and ECDSA), the provided certificates were both of the same type");
          }
        }))
        .build();
  }

  public static Schema snis() {
    return Schema.builder("snis")
        .endpointKey("name")
        .fields(
            id(),
            Field.string("name").required().unique().check(Typedefs::wildcardHost),
            createdAt(),
            updatedAt(),
            tags(),
            Field.foreign("certificate", "certificates", OnDelete.CASCADE).required())
        .build();
  }

  public static Schema caCertificates() {
    return Schema.builder("ca_certificates")
        .fields(
            id(),
            createdAt(),
            updatedAt(),
            Field.string("cert").required().check(v -> Pem.caCertificateError(v.asText())),
            Field.string("cert_digest").unique(),
            tags())
        .transformation(CertificateSchemas::digest)
        .build();
  }

  private static ObjectNode digest(ObjectNode e) {
    if (e.path("cert").isTextual()) {
      String d = Pem.sha256Digest(e.get("cert").asText());
      if (d != null) {
        e.put("cert_digest", d);
      }
    }
    return e;
  }
}
