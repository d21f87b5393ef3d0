package io.gatehouse.sdk;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A consumer, read-only: what a plugin may know of it. */
public record Consumer(String id, @Nullable String username, @Nullable String customId, List<String> tags) {
  public Consumer {
    Objects.requireNonNull(id, "id");
    tags = List.copyOf(tags);
  }

  /** A consumer without tags. */
  public Consumer(String id, @Nullable String username, @Nullable String customId) {
    this(id, username, customId, List.of());
  }
}
