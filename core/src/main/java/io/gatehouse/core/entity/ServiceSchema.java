package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** Kong's {@code services} entity (reference §1.1), with the {@code url} shorthand. */
public final class ServiceSchema {
  private static final Set<String> TLS = Set.of("https", "tls");
  private static final Set<String> NO_PATH = Set.of("tcp", "tls", "udp", "grpc", "grpcs");

  private ServiceSchema() {}

  public static Schema create() {
    return Schema.builder("services")
        .endpointKey("name")
        .fields(
            id(),
            createdAt(),
            updatedAt(),
            utf8Name("name"),
            Field.integer("retries").between(0, 32767).defaultValue(5),
            protocol("protocol").required().defaultValue("http"),
            host("host").required(),
            port("port").required().defaultValue(80),
            Field.string("path").check(Typedefs::servicePath),
            timeout("connect_timeout"),
            timeout("write_timeout"),
            timeout("read_timeout"),
            tags(),
            Field.foreign("client_certificate", "certificates", OnDelete.RESTRICT),
            Field.bool("tls_verify"),
            Field.integer("tls_verify_depth").between(0, 64),
            Field.array("ca_certificates", Field.element(Field.Type.STRING).uuid()),
            Field.bool("enabled").required().defaultValue(true))
        .shorthand("url", ServiceSchema::expandUrl)
        .check(onlyForTls("client_certificate"))
        .check(onlyForTls("tls_verify"))
        .check(onlyForTls("tls_verify_depth"))
        .check(onlyForTls("ca_certificates"))
        .check(EntityCheck.conditional(
            "protocol", p -> p != null && NO_PATH.contains(p.asText()), "path", EntityCheck::isNull, "value must be null"))
        .build();
  }

  private static EntityCheck onlyForTls(String field) {
    return EntityCheck.conditional(
        "protocol", p -> p == null || !TLS.contains(p.asText()), field, EntityCheck::isNull, "value must be null");
  }

  /** Kong's url shorthand: scheme, host, port and path overwrite the entity's fields. */
  static void expandUrl(JsonNode value, ObjectNode entity) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException("expected a string");
    }
    URI uri;
    try {
      uri = new URI(value.asText());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("missing host in url");
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (host == null && uri.getRawAuthority() != null) {
      host = uri.getRawAuthority().replaceAll(":\\d*$", "");
    }
    int port = uri.getPort();
    if (scheme == null) {
      scheme = port == 443 ? "https" : "http";
    }
    entity.put("protocol", scheme.toLowerCase());
    if (host == null) {
      entity.putNull("host");
    } else {
      entity.put("host", host.startsWith("[") ? host : host);
    }
    entity.put("port", port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80);
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) {
      entity.putNull("path");
    } else {
      entity.put("path", path);
    }
  }
}
