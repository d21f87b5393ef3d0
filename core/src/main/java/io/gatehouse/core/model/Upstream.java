package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A Kong Upstream: a named virtual host balanced over its targets. */
public record Upstream(
    String id,
    String name,
    String algorithm,
    String hashOn,
    String hashFallback,
    @Nullable String hashOnHeader,
    @Nullable String hashFallbackHeader,
    @Nullable String hashOnCookie,
    String hashOnCookiePath,
    @Nullable String hashOnQueryArg,
    @Nullable String hashFallbackQueryArg,
    @Nullable String hashOnUriCapture,
    @Nullable String hashFallbackUriCapture,
    int slots,
    ObjectNode healthchecks,
    @Nullable String hostHeader,
    @Nullable String clientCertificateId,
    boolean useSrvName,
    List<String> tags) {

  public static Upstream from(JsonNode e) {
    JsonNode hc = e.get("healthchecks");
    return new Upstream(
        text(e, "id"),
        text(e, "name"),
        text(e, "algorithm"),
        text(e, "hash_on"),
        text(e, "hash_fallback"),
        text(e, "hash_on_header"),
        text(e, "hash_fallback_header"),
        text(e, "hash_on_cookie"),
        text(e, "hash_on_cookie_path") == null ? "/" : text(e, "hash_on_cookie_path"),
        text(e, "hash_on_query_arg"),
        text(e, "hash_fallback_query_arg"),
        text(e, "hash_on_uri_capture"),
        text(e, "hash_fallback_uri_capture"),
        integer(e, "slots", 10000),
        hc instanceof ObjectNode o ? o : object(),
        text(e, "host_header"),
        foreignId(e, "client_certificate"),
        bool(e, "use_srv_name", false),
        strings(e, "tags"));
  }
}
