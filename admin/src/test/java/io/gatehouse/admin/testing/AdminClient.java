package io.gatehouse.admin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small real HTTP client for Admin API tests (JDK HttpClient, JSON bodies parsed). */
public final class AdminClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final java.util.Map<String, String> headers;

  public AdminClient(String base) {
    this(base, java.util.Map.of());
  }

  private AdminClient(String base, java.util.Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  /** A client that sends {@code name: value} with every request (an RBAC token, say). */
  public AdminClient withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new AdminClient(base, h);
  }

  /** A response with its body parsed as JSON when it is JSON. */
  public record Resp(int status, String text, JsonNode json, java.net.http.HttpHeaders headers) {
    public String message() {
      return json.path("message").asText();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  public Resp get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Resp delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public Resp json(String method, String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  public Resp post(String path, String jsonBody) {
    return json("POST", path, jsonBody);
  }

  public Resp form(String method, String path, String formBody) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .method(method, HttpRequest.BodyPublishers.ofString(formBody)));
  }

  public Resp raw(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  public Resp send(HttpRequest.Builder b) {
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode json;
      try {
        json = r.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(r.body());
      } catch (IOException e) {
        json = Json.object();
      }
      return new Resp(r.statusCode(), r.body(), json, r.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  public String base() {
    return base;
  }
}
