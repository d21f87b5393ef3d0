package io.gatehouse.plugin;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rewrite phase: change the upstream request or answer early. */
public interface RewriteContext extends PhaseContext {

  UpstreamRequest upstream();

  /**
   * {@code kong.response.exit}: answers with this status and body. A {@link String} or
   * {@code byte[]} body is sent verbatim; anything else (a Jackson tree, a map, a record) is
   * encoded as compact JSON with {@code Content-Type: application/json; charset=utf-8}; null sends
   * no body. No request id is added. Return from the handler after calling it.
   */
  void exit(int status, @Nullable Object body, Map<String, String> headers);

  /**
   * {@code kong.response.error}: answers with Kong's error template, chosen by {@code Accept}
   * (JSON {@code {"message":…,"request_id":…}} by default). A null message uses Kong's default
   * text for the status (401 {@code Unauthorized}, 403 {@code Forbidden} …).
   */
  void error(int status, @Nullable String message, Map<String, String> headers);

  /** Whether {@link #exit} or {@link #error} was called for this request. */
  boolean exited();
}
