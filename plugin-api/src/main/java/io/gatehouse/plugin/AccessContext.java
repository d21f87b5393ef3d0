package io.gatehouse.plugin;

import io.gatehouse.core.model.Consumer;
import java.util.List;
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
}
