package io.gatehouse.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A response: status, optional JSON body, extra headers; or, with {@code text}, a body sent as it is
 * under its own {@code Content-Type} (prometheus's {@code /metrics}).
 */
public record AdminResponse(int status, @Nullable JsonNode body, Map<String, String> headers, @Nullable String text) {

  public AdminResponse(int status, @Nullable JsonNode body, Map<String, String> headers) {
    this(status, body, headers, null);
  }

  /** The same response with one more header. */
  public AdminResponse withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new AdminResponse(status, body, h, text);
  }

  /** A body sent as it is, in UTF-8, with this {@code Content-Type}. */
  public static AdminResponse text(int status, String contentType, String text) {
    return new AdminResponse(status, null, Map.of("Content-Type", contentType), text);
  }

  public static AdminResponse json(int status, JsonNode body) {
    return new AdminResponse(status, body, Map.of());
  }

  public static AdminResponse empty(int status) {
    return new AdminResponse(status, null, Map.of());
  }

  /** Kong's plain {@code {"message": …}} bodies. */
  public static AdminResponse message(int status, String message) {
    return json(status, Json.object().put("message", message));
  }

  public static AdminResponse notFound() {
    return message(404, "Not found");
  }

  public static AdminResponse methodNotAllowed() {
    return message(405, "Method not allowed");
  }

  public static AdminResponse error(KongException e) {
    if (e.httpStatus() == 500) {
      return message(500, "An unexpected error occurred");
    }
    return json(e.httpStatus(), e.toJson());
  }
}
