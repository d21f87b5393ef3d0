package io.gatehouse.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A fully read Admin API request.
 *
 * @param path the decoded path without query, trailing slash removed
 * @param query query arguments in order (a key may repeat)
 * @param contentTypes every Content-Type header value (Kong rejects more than one)
 * @param body raw body bytes (possibly empty)
 * @param clientAddress the peer's IP address as text (no port)
 */
public record AdminRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    List<String> contentTypes,
    Map<String, String> headers,
    byte[] body,
    String clientAddress) {

  public @Nullable String queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** Body decoded as an object, set by {@link BodyParser} for write methods. */
  public record Decoded(ObjectNode body, boolean fromForm) {}
}
