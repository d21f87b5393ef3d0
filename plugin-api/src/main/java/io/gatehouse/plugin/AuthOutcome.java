package io.gatehouse.plugin;

import io.gatehouse.core.model.Consumer;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code anonymous} pattern every Kong auth plugin shares (reference plugins §1.3), so each
 * auth plugin states only how it finds and checks a credential.
 *
 * <ul>
 *   <li>{@code anonymous} unset — logical AND: a failure answers at once, whatever earlier plugins did.
 *   <li>{@code anonymous} set — logical OR: if an earlier auth plugin already accepted a credential,
 *       this one does nothing ({@link #skip}); on failure the anonymous consumer is applied
 *       ({@link #fail}).
 * </ul>
 */
public final class AuthOutcome {
  private AuthOutcome() {}

  /** Whether the plugin should not run: {@code anonymous} is set and a credential was already accepted. */
  public static boolean skip(AccessContext ctx, @Nullable String anonymous) {
    return anonymous != null && ctx.credential() != null;
  }

  /**
   * Authentication failed: apply the anonymous consumer when configured, else answer with
   * {@code kong.response.error(status, message, headers)}. An anonymous consumer that does not
   * exist answers 500 (Kong 3.9 raises an error there).
   */
  public static void fail(AccessContext ctx, PluginSnapshot snapshot, @Nullable String anonymous, int status,
      String message, Map<String, String> headers) {
    if (anonymous == null) {
      ctx.error(status, message, headers);
      return;
    }
    Optional<Consumer> c = snapshot.consumer(anonymous);
    if (c.isEmpty()) {
      ctx.error(500, null, Map.of());
      return;
    }
    ctx.authenticate(c.get(), null);
  }
}
