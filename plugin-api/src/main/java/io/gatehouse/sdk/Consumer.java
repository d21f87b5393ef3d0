package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A consumer, read-only: what a plugin may know of it. */
public record Consumer(String id, @Nullable String username, @Nullable String customId) {
  public Consumer {
    Objects.requireNonNull(id, "id");
  }
}
