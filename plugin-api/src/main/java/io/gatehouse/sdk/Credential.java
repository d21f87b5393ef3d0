package io.gatehouse.sdk;

import java.util.Objects;

/**
 * The credential an auth plugin accepted.
 *
 * @param identifier the value of {@code X-Credential-Identifier} (key-auth: the credential id;
 *     basic-auth: the username …)
 */
public record Credential(String id, String consumerId, String identifier) {
  public Credential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(identifier, "identifier");
  }
}
