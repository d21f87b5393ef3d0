package io.gatehouse.plugin;

import java.util.Objects;

/**
 * The credential an auth plugin accepted, as {@link AccessContext#authenticate} records it.
 *
 * @param id the credential entity's id
 * @param consumerId the consumer it belongs to
 * @param identifier the value of {@code X-Credential-Identifier} (key-auth: the credential id;
 *     basic-auth: the username; jwt: the key …)
 */
public record Credential(String id, String consumerId, String identifier) {
  public Credential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(identifier, "identifier");
  }
}
