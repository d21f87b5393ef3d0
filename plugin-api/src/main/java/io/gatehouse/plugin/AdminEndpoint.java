package io.gatehouse.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An Admin API endpoint a plugin adds (Kong's {@code kong/plugins/<name>/api.lua}), e.g. proxy-cache's
 * {@code DELETE /proxy-cache/{key}}. The handler gets the template's captures and must not block
 * for long: it runs on an Admin API thread.
 *
 * @param method {@code GET}, {@code DELETE} …
 * @param template a path with {@code {name}} captures
 */
public record AdminEndpoint(String method, String template, Function<Map<String, String>, Reply> handler) {
  public AdminEndpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(handler, "handler");
  }

  /**
   * An answer: a status and an optional body (a Jackson tree or anything Jackson can encode; null for none).
   */
  public record Reply(int status, @org.jspecify.annotations.Nullable Object body,
      @org.jspecify.annotations.Nullable String contentType) {
    /** A JSON reply; with a content type the body is a String sent as it is. */
    public Reply(int status, @org.jspecify.annotations.Nullable Object body) {
      this(status, body, null);
    }
  }
}
