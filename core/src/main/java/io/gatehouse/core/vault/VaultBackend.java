package io.gatehouse.core.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.Field;
import org.jspecify.annotations.Nullable;

/**
 * One kind of vault (Kong's vault strategy): a name such as {@code env}, the schema of its
 * {@code config} record, and how to read one secret. Reads happen when a snapshot is built, off
 * the request path, so they may block.
 */
public interface VaultBackend {
  String name();

  /** The {@code config} record a vault entity of this kind carries. */
  Field config();

  /**
   * The secret stored under {@code resource}, or null when there is none.
   *
   * @param config the vault's config, defaults filled, reference query options applied
   * @param version Kong's {@code #version} of a reference; 1 when none was given
   * @throws VaultException when the secret cannot be read for another reason
   */
  @Nullable String get(ObjectNode config, String resource, int version);
}
