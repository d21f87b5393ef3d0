package io.gatehouse.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rewrite phase: change the upstream request, or answer early. */
public interface RewritePhase extends Phase {

  /** The request that will be sent upstream ({@code kong.service.request}); starts as the client's. */
  Upstream upstream();

  /**
   * {@code kong.response.exit}: answers with this status and body. A {@link String} or
   * {@code byte[]} body is sent verbatim; a {@link Map}, {@link java.util.List} or record is encoded
   * as compact JSON with {@code Content-Type: application/json; charset=utf-8}; null sends no body.
   * Return from the handler after calling it.
   */
  void exit(int status, @Nullable Object body, Map<String, String> headers);

  /**
   * {@code kong.response.error}: answers with Kong's error template chosen by {@code Accept}
   * ({@code {"message":…,"request_id":…}} by default); a null message uses Kong's text for the
   * status. Return from the handler after calling it.
   */
  void error(int status, @Nullable String message, Map<String, String> headers);

  /** Whether {@link #exit} or {@link #error} was called for this request. */
  boolean exited();
}
