package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The matched route's service, read-only. */
public record Service(String id, @Nullable String name, String host, int port, String protocol) {
  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(protocol, "protocol");
  }
}
