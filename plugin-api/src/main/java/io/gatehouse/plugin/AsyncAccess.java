package io.gatehouse.plugin;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An {@code access} phase that waits on I/O (a remote call, a slow hash on another thread). The
 * request pauses until the stage completes, then {@link #resume} runs on the request's own event
 * loop with the stage's result. Touch the context only in {@link #accessAsync} and {@link #resume},
 * never from the thread that completes the stage.
 *
 * @param <C> the bound config record
 */
public interface AsyncAccess<C> extends PhaseHandler<C> {

  /**
   * Starts the work. Return {@code null} when nothing needs waiting (the fast path: the request
   * continues at once). A stage that completes exceptionally answers 500.
   */
  @Nullable CompletionStage<?> accessAsync(AccessContext ctx, C config);

  /**
   * Runs on the request's event loop once the stage completed normally, with its result: the
   * place to authenticate, exit or change the upstream request.
   */
  void resume(AccessContext ctx, C config, @Nullable Object result);
}
