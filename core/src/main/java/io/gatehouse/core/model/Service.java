package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A Kong Service as the runtime sees it: where and how to reach an upstream. */
public record Service(
    String id,
    @Nullable String name,
    String protocol,
    String host,
    int port,
    @Nullable String path,
    int retries,
    int connectTimeout,
    int writeTimeout,
    int readTimeout,
    boolean enabled,
    @Nullable String clientCertificateId,
    @Nullable Boolean tlsVerify,
    @Nullable Integer tlsVerifyDepth,
    List<String> caCertificates,
    List<String> tags) {

  /** Binds a validated {@code services} entity (defaults filled). */
  public static Service from(JsonNode e) {
    JsonNode verify = e.get("tls_verify");
    JsonNode depth = e.get("tls_verify_depth");
    return new Service(
        text(e, "id"),
        text(e, "name"),
        text(e, "protocol"),
        text(e, "host"),
        integer(e, "port", 80),
        text(e, "path"),
        integer(e, "retries", 5),
        integer(e, "connect_timeout", 60000),
        integer(e, "write_timeout", 60000),
        integer(e, "read_timeout", 60000),
        bool(e, "enabled", true),
        foreignId(e, "client_certificate"),
        verify == null || verify.isNull() ? null : verify.asBoolean(),
        depth == null || depth.isNull() ? null : depth.asInt(),
        strings(e, "ca_certificates"),
        strings(e, "tags"));
  }
}
