package io.gatehouse.core.declarative;

import io.gatehouse.core.entity.EntityWorkspace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Kong's deterministic declarative ids (reference §3.3): an RFC 4122 version-5 UUID of the entity
 * key in a per-table namespace, itself the v5 UUID of the table name in Kong's root namespace.
 */
public final class Uuid5 {
  /** Kong's root namespace for declarative entity ids. */
  public static final UUID ROOT = UUID.fromString("fd02801f-0957-4a15-a55a-c8d9606f30b5");

  private Uuid5() {}

  /** The id Kong derives for {@code key} in {@code table}. */
  public static String forEntity(String table, String key) {
    return of(of(ROOT, table), key).toString();
  }

  /**
   * The key of an entity found by its endpoint key ({@code field}) in the file's workspace. Kong 3.9
   * adds the item's workspace to derived keys ({@code ws_id_for}) so that one file gives each
   * workspace its own entities; outside the default workspace we add the file's {@code _workspace}
   * the same way, for unique endpoint keys too (a service name is unique per workspace only), but
   * not for Kong's {@code unique_across_ws} fields (an SNI name is one entity whatever the
   * workspace). The default workspace keeps the key unchanged, so its ids are as before.
   */
  public static String endpointKey(String table, String field, String key, String workspace) {
    return inDefault(workspace) || EntityWorkspace.uniqueAcrossWorkspaces(table, field) ? key : key + ":" + workspace;
  }

  /** The start of a cache-key-derived key: the table, then (outside default) the workspace, where Kong puts it. */
  public static String cacheKeyPrefix(String table, String workspace) {
    return inDefault(workspace) ? table : table + ":" + workspace;
  }

  private static boolean inDefault(String workspace) {
    return workspace.equals(DeclarativeConfig.DEFAULT_WORKSPACE);
  }

  public static UUID of(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
