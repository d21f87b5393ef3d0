package io.gatehouse.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Beyond Kong OSS: HashiCorp Vault's KV secrets engine over its HTTP API, with Kong Enterprise's
 * {@code hcv} config ({@code protocol}, {@code host}, {@code port}, {@code mount}, {@code kv} v1 or
 * v2, {@code auth_method} {@code token} with {@code token}, {@code namespace}) and the rotation
 * fields. The resource is the secret's path under the mount; the secret is its data object as JSON,
 * so {@code {vault://<prefix>/<path>/<key>}} picks one field. A reference's {@code #N} (N &gt; 1)
 * reads version N of a KV v2 secret; without one (or with #1, which references cannot tell apart)
 * the latest version is read. Reads happen while a snapshot is built, never per request.
 */
public final class HcvVault implements VaultBackend {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @Override
  public String name() {
    return "hcv";
  }

  @Override
  public Field config() {
    Field[] ttl = TtlFields.all();
    return Field.record("config",
        Field.string("protocol").defaultValue("http").oneOf("http", "https"),
        Field.string("host").defaultValue("127.0.0.1"),
        Field.integer("port").defaultValue(8200).between(0, 65535),
        Field.string("mount").defaultValue("secret"),
        Field.string("kv").defaultValue("v1").oneOf("v1", "v2"),
        Field.string("auth_method").defaultValue("token").oneOf("token"),
        Field.string("token"),
        Field.string("namespace"),
        ttl[0], ttl[1], ttl[2]);
  }

  @Override
  public @Nullable String get(ObjectNode config, String resource, int version) {
    boolean v2 = "v2".equals(Json.text(config, "kv"));
    String mount = trimSlashes(String.valueOf(Json.text(config, "mount")));
    String path = "/v1/" + segments(mount) + (v2 ? "/data/" : "/") + segments(trimSlashes(resource))
        + (v2 && version > 1 ? "?version=" + version : "");
    URI uri = URI.create(Json.text(config, "protocol") + "://" + host(Json.text(config, "host")) + ":"
        + config.path("port").asInt(8200) + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    String token = Json.text(config, "token");
    if (token == null || token.isEmpty()) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "hcv vault: config.token is required for auth_method token");
    }
    request.header("X-Vault-Token", token);
    String namespace = Json.text(config, "namespace");
    if (namespace != null && !namespace.isEmpty()) {
      request.header("X-Vault-Namespace", namespace);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "hcv vault " + uri.getHost() + ":" + uri.getPort()
          + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultException(VaultException.Kind.UNRESOLVED, "hcv vault: interrupted");
    }
    if (response.statusCode() == 404) {
      return null;
    }
    JsonNode body;
    try {
      body = Json.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "hcv vault answered " + response.statusCode() + " with no JSON");
    }
    if (response.statusCode() != 200) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "hcv vault answered " + response.statusCode()
          + errors(body));
    }
    JsonNode data = v2 ? body.path("data").path("data") : body.path("data");
    if (!data.isObject()) {
      return null; // v2: a deleted or destroyed version has data null
    }
    return data.toString();
  }

  private static String errors(JsonNode body) {
    List<String> errors = new ArrayList<>();
    body.path("errors").forEach(e -> errors.add(e.asText()));
    return errors.isEmpty() ? "" : ": " + String.join("; ", errors);
  }

  private static String host(@Nullable String host) {
    String h = host == null ? "127.0.0.1" : host;
    return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h; // an IPv6 literal
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') from++;
    while (to > from && s.charAt(to - 1) == '/') to--;
    return s.substring(from, to);
  }

  // each path segment encoded on its own: the slashes between them stay
  private static String segments(String path) {
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      out.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return String.join("/", out);
  }
}
