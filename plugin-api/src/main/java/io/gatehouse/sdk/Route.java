package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The matched route, read-only.
 *
 * @param workspace the id of the route's workspace (Kong's {@code ws_id})
 * @param workspaceName that workspace's name, what logs and metrics show
 */
public record Route(String id, @Nullable String name, String workspace, String workspaceName) {
  public Route {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(workspaceName, "workspaceName");
  }

  /** A route of the default workspace. */
  public Route(String id, @Nullable String name) {
    this(id, name, ByWorkspace.DEFAULT_WORKSPACE, ByWorkspace.DEFAULT_WORKSPACE_NAME);
  }
}
