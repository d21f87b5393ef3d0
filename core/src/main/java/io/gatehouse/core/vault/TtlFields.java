package io.gatehouse.core.vault;

import io.gatehouse.core.schema.Field;

/**
 * Kong's rotation/TTL config fields ({@code typedefs.ttl}: a number between 0 and DAO_MAX_TTL).
 * Kong's PDK honours them for every vault; so does Gatehouse's {@link SecretCache}.
 */
final class TtlFields {
  private static final long DAO_MAX_TTL = 100_000_000L;

  private TtlFields() {}

  static Field[] all() {
    return new Field[] {ttl("ttl"), ttl("neg_ttl"), ttl("resurrect_ttl")};
  }

  private static Field ttl(String name) {
    return Field.number(name).between(0, DAO_MAX_TTL);
  }
}
