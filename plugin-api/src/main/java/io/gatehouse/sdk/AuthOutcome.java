package io.gatehouse.sdk;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code anonymous} pattern every Kong auth plugin shares, so an auth plugin states only how it
 * finds and checks a credential.
 *
 * <ul>
 *   <li>{@code anonymous} unset: logical AND, a failure answers at once.
 *   <li>{@code anonymous} set: logical OR, if an earlier auth plugin accepted a credential this one
 *       does nothing ({@link #skip}); on failure the anonymous consumer is applied ({@link #fail}).
 * </ul>
 */
public final class AuthOutcome {
  private AuthOutcome() {}

  /** Whether the plugin should not run: {@code anonymous} is set and a credential was already accepted. */
  public static boolean skip(AccessPhase ctx, @Nullable String anonymous) {
    return anonymous != null && ctx.credential() != null;
  }

  /**
   * Authentication failed: apply the anonymous consumer (found by id or username in
   * {@code snapshot}, in the matched route's workspace) when configured, else answer {@code error(status, message, headers)}. An
   * anonymous consumer that does not exist answers 500, as Kong 3.9 does.
   */
  public static void fail(AccessPhase ctx, Snapshot snapshot, @Nullable String anonymous, int status,
      String message, Map<String, String> headers) {
    if (anonymous == null) {
      ctx.error(status, message, headers);
      return;
    }
    Optional<Consumer> c = snapshot.consumer(ctx.route(), anonymous);
    if (c.isEmpty()) {
      ctx.error(500, null, Map.of());
      return;
    }
    ctx.authenticate(c.get(), null);
  }
}
