package io.gatehouse.admin.http;

import java.util.Map;
import java.util.Optional;

/**
 * The workspace an Admin API request addresses: {@code /{workspace}/…}, or the default one without a
 * prefix. Handlers read it from their captures ({@link #of(Map)}).
 */
public record WorkspaceRef(String id, String name) {
  /** Kong's default workspace (its id is the one the RBAC and audit rows carry). */
  public static final WorkspaceRef DEFAULT = new WorkspaceRef("00000000-0000-4000-8000-00000000d3fa", "default");
  /** Capture keys the server adds for the request's workspace (never a template's capture name). */
  static final String ID_PARAM = "@ws_id";
  static final String NAME_PARAM = "@ws_name";

  /** The request's workspace, from a handler's captures. */
  public static WorkspaceRef of(Map<String, String> params) {
    String id = params.get(ID_PARAM);
    return id == null ? DEFAULT : new WorkspaceRef(id, params.get(NAME_PARAM));
  }

  public boolean isDefault() {
    return DEFAULT.id.equals(id);
  }

  /** Finds a workspace by name. */
  @FunctionalInterface
  public interface Resolver {
    Optional<WorkspaceRef> find(String name);

    /** Only the default workspace (no workspaces table). */
    Resolver DEFAULT_ONLY = name -> DEFAULT.name.equals(name) ? Optional.of(DEFAULT) : Optional.empty();
  }
}
