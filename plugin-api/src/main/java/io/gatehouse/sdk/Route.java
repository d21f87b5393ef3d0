package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The matched route, read-only. */
public record Route(String id, @Nullable String name) {
  public Route {
    Objects.requireNonNull(id, "id");
  }
}
