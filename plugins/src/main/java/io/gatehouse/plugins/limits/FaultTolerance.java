package io.gatehouse.plugins.limits;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kong's {@code fault_tolerant} for a counter store call. */
public final class FaultTolerance {
  private static final Logger LOG = LoggerFactory.getLogger(FaultTolerance.class);

  private FaultTolerance() {}

  /**
   * The stage's value; on failure null when {@code tolerant} (logged: the request goes on without
   * limiting), else the failure itself, which the runtime answers with 500.
   */
  public static <T> CompletionStage<@Nullable T> apply(CompletionStage<T> stage, boolean tolerant, String plugin) {
    return stage.handle((value, e) -> {
      if (e == null) {
        return value;
      }
      if (tolerant) {
        LOG.error("{}: failed to get usage, letting the request through: {}", plugin, e.toString());
        return null;
      }
      throw e instanceof CompletionException ce ? ce : new CompletionException(e);
    });
  }
}
