package io.gatehouse.sdk;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/** The access phase: everything of {@link RewritePhase} plus what is known once the request is routed. */
public interface AccessPhase extends RewritePhase {

  /** Now, in epoch millis, from the gateway's clock. */
  long nowMillis();

  /**
   * The whole request body when this plugin's {@link PreparedPlugin#needsRequestBody} said yes
   * (empty bytes for a request without a body); null when the body was not read (it streams).
   * Once an earlier plugin replaced the body ({@link Upstream#setBody}), that body is returned, as
   * Kong's {@code kong.request.get_raw_body} returns what {@code set_raw_body} set.
   */
  @Nullable RequestBody requestBody();

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

  /**
   * {@code kong.client.authenticate} plus the consumer headers every Kong auth plugin sets:
   * records the consumer and credential for later plugins and sets or clears {@code X-Consumer-ID},
   * {@code X-Consumer-Custom-ID}, {@code X-Consumer-Username}, {@code X-Credential-Identifier}; a
   * null credential marks the anonymous consumer ({@code X-Anonymous-Consumer: true}). Plugins
   * running after this one see consumer-scoped configurations for this consumer. Use
   * {@link AuthOutcome} for Kong's {@code anonymous} behaviour.
   */
  void authenticate(Consumer consumer, @Nullable Credential credential);

  /**
   * {@code kong.client.authenticate(nil, credential)}: a credential that maps to no consumer was
   * accepted (ldap-auth). The consumer headers are cleared, {@code X-Credential-Identifier} is set
   * and {@code X-Anonymous-Consumer} removed; {@link #consumer()} stays null and {@link #credential()}
   * returns it, so a later auth plugin with {@code anonymous} set does not run.
   */
  void authenticate(Credential credential);

  /** Groups an authenticator established without consumer ACLs ({@code authenticated_groups}); empty when none. */
  List<String> authenticatedGroups();

  /** Sets the {@code authenticated_groups} the acl plugin reads. */
  void setAuthenticatedGroups(List<String> groups);

  /**
   * Like {@link #exit}, but the body is a stream the gateway relays to the client chunk by chunk as
   * it arrives (since SPI 1.1): the head goes out at once, with {@code headers} (a
   * {@code Content-Type} among them) and no {@code Content-Length}, framed chunked on HTTP/1.1 (an
   * HTTP/1.0 client's body ends with the connection) and as DATA frames on HTTP/2. The gateway
   * subscribes once and requests one chunk at a time as the client socket drains, so a slow client
   * slows the publisher down; empty chunks are skipped. {@code onComplete} ends the response and the
   * log phase runs then; {@code onError} cuts the response short (the client sees a truncated body).
   * When the client goes away, or the answer is never sent (a {@code HEAD} request, a header filter
   * replacing the response), the subscription is cancelled: a publisher that relays a call of its
   * own should cancel that call then. Signals may come from any thread; the body filters of later
   * plugins do not see the chunks (as for {@link #exit}). Return from the handler after calling it.
   */
  void exitStreaming(int status, Flow.Publisher<byte[]> body, Map<String, String> headers);
}
