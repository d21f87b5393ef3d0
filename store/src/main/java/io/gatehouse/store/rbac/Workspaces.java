package io.gatehouse.store.rbac;

/**
 * The one workspace that exists until workspaces are added: every RBAC and audit row carries its
 * id, so a later {@code workspaces} table can adopt this id for {@code default} and existing rows
 * stay where they are.
 */
public final class Workspaces {
  /** The default workspace's id (fixed, so every node of a cluster writes the same one). */
  public static final String DEFAULT_ID = "00000000-0000-4000-8000-00000000d3fa";
  /** The default workspace's name, as Kong's. */
  public static final String DEFAULT_NAME = "default";
  /** An endpoint permission's workspace that matches every workspace. */
  public static final String ANY = "*";

  private Workspaces() {}
}
