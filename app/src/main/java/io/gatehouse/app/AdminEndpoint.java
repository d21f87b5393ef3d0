package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A running node's Admin API as the {@code config} commands use it (JDK HTTP client). */
final class AdminEndpoint {
  /** Tables Kong serves only under their parent ({@code /upstreams/{u}/targets}). */
  private static final Map<String, String> NESTED_ONLY = Map.of("targets", "upstreams");

  record Response(int status, String body) {
    JsonNode json() {
      return body.isEmpty() ? Json.object() : Json.parse(body);
    }

    String message() {
      JsonNode m = json().get("message");
      return m == null ? body : m.asText();
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  AdminEndpoint(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** {@code url}, else the first {@code admin_listen} of the settings (a wildcard address as loopback). */
  static AdminEndpoint of(@Nullable String url, Settings settings) {
    if (url != null) {
      return new AdminEndpoint(url);
    }
    List<Listener> listen = settings.adminListen();
    if (listen.isEmpty()) {
      throw new IllegalStateException("admin_listen is off; give the Admin API with --admin-url");
    }
    Listener l = listen.getFirst();
    String host = l.host().equals("0.0.0.0") || l.host().equals("::") ? "127.0.0.1" : l.host();
    return new AdminEndpoint((l.ssl() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + l.port());
  }

  Response send(String method, String path, @Nullable JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the Admin API at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Whether the node runs DB-less ({@code GET /config} answers). */
  boolean dbless() {
    return send("GET", "/config", null).status() == 200;
  }

  /** Every entity of the node, table by table, as the Admin API returns them. */
  Map<String, List<ObjectNode>> tables(SchemaRegistry registry) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (Schema s : registry.all()) {
      String parent = NESTED_ONLY.get(s.name());
      List<ObjectNode> rows = new ArrayList<>();
      if (parent == null) {
        rows.addAll(list("/" + s.adminApiName()));
      } else {
        Schema p = registry.table(parent).orElseThrow();
        for (ObjectNode pe : out.getOrDefault(parent, List.of())) {
          rows.addAll(list("/" + p.adminApiName() + "/" + pe.get("id").asText() + "/" + s.nestedName()));
        }
      }
      out.put(s.name(), rows);
    }
    return out;
  }

  /** Where an entity is written: top level, or under its parent for nested-only tables. */
  String entityPath(SchemaRegistry registry, Schema s, String id, ObjectNode entity) {
    String parent = NESTED_ONLY.get(s.name());
    if (parent == null) {
      return "/" + s.adminApiName() + "/" + id;
    }
    Schema p = registry.table(parent).orElseThrow();
    String fk = s.foreignKeys().stream().filter(f -> parent.equals(f.reference())).findFirst().orElseThrow().name();
    String parentId = Json.foreignId(entity, fk);
    return "/" + p.adminApiName() + "/" + parentId + "/" + s.nestedName() + "/" + id;
  }

  private List<ObjectNode> list(String path) {
    List<ObjectNode> rows = new ArrayList<>();
    String offset = null;
    do {
      String q = path + "?size=1000" + (offset == null ? "" : "&offset=" + URLEncoder.encode(offset, StandardCharsets.UTF_8));
      Response r = send("GET", q, null);
      if (r.status() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + r.status() + ": " + r.message());
      }
      JsonNode page = r.json();
      page.path("data").forEach(e -> rows.add((ObjectNode) e));
      offset = page.path("offset").isTextual() ? page.get("offset").asText() : null;
    } while (offset != null);
    return rows;
  }
}
