package io.gatehouse.store.rbac;

import org.jspecify.annotations.Nullable;

/**
 * One {@code workspaces} row (Kong Enterprise's entity). {@code config} and {@code meta} are JSON
 * object texts; times are epoch seconds.
 */
public record Workspace(String id, String name, @Nullable String comment, String config, String meta,
    long createdAt, long updatedAt) {
  public boolean isDefault() {
    return Workspaces.DEFAULT_ID.equals(id);
  }
}
