package io.gatehouse.plugin;

import io.gatehouse.core.model.Consumer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The access phase: authenticate, change the upstream request, or answer early. */
public interface AccessContext extends RewriteContext {

  /**
   * {@code kong.client.authenticate} plus the consumer headers every Kong auth plugin sets
   * (reference plugins §1.2): records the consumer and credential for later plugins and sets or
   * clears {@code X-Consumer-ID}, {@code X-Consumer-Custom-ID}, {@code X-Consumer-Username},
   * {@code X-Credential-Identifier}; a null credential marks the anonymous consumer
   * ({@code X-Anonymous-Consumer: true}), a real one clears that header. Plugins running after this
   * one see consumer-scoped configurations for this consumer.
   */
  void authenticate(Consumer consumer, @Nullable Credential credential);

  /** Groups an authenticator established without consumer ACLs ({@code authenticated_groups}); empty when none. */
  List<String> authenticatedGroups();

  void setAuthenticatedGroups(List<String> groups);

  /** Now, in epoch millis, from the gateway's clock. */
  long nowMillis();

  /**
   * The whole request body, when a {@link NeedsRequestBody} plugin asked for it before this handler
   * ran (empty for a request without a body); null when the body was not read (it streams).
   * Read-only: change what goes upstream with {@link UpstreamRequest#setBody}.
   */
  byte @Nullable [] requestBody();

  /**
   * Caps the request body: counted as it streams, answered with {@code limit}'s status and message
   * once it passes the cap. The smallest cap set by any plugin wins.
   */
  void limitRequestBody(BodyLimit limit);

  /**
   * The router's regex captures ({@code uri_captures}): {@code [0]} is the whole match, then the
   * numbered groups; empty for routes matched by prefix.
   */
  List<String> uriCaptures();

  /** Named regex groups of the matched route path; empty when none. */
  Map<String, String> uriNamedCaptures();
}
