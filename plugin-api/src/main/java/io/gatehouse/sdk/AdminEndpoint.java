package io.gatehouse.sdk;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An Admin API endpoint a plugin adds (Kong's {@code kong/plugins/<name>/api.lua}), e.g.
 * proxy-cache's {@code DELETE /proxy-cache/{key}}; returned by {@link PreparedPlugin#adminEndpoints}.
 * The handler gets the template's captures; it runs on an Admin API thread and must not block long.
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
   * An answer: a status and a body encoded as JSON — a {@code Map}, {@code List}, record, string,
   * number or boolean; null for none. With a {@code contentType}, the body is a {@code String} sent
   * as it is, in UTF-8 ({@link #text}).
   */
  public record Reply(int status, @Nullable Object body, @Nullable String contentType) {
    public Reply {
      if (contentType != null && !(body instanceof String)) {
        throw new IllegalArgumentException("a reply with a content type has a String body");
      }
    }

    /** A JSON reply. */
    public Reply(int status, @Nullable Object body) {
      this(status, body, null);
    }

    /** A text reply sent as it is (prometheus's {@code text/plain} exposition). */
    public static Reply text(int status, String contentType, String body) {
      return new Reply(status, Objects.requireNonNull(body, "body"), Objects.requireNonNull(contentType, "contentType"));
    }
  }
}
