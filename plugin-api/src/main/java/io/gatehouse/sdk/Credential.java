package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The credential an auth plugin accepted.
 *
 * @param consumerId the consumer the credential belongs to; null for a credential that maps to no
 *     consumer (ldap-auth's, whose users are the directory's, not consumers)
 * @param identifier the value of {@code X-Credential-Identifier} (key-auth: the credential id;
 *     basic-auth: the username …)
 */
public record Credential(String id, @Nullable String consumerId, String identifier) {
  public Credential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(identifier, "identifier");
  }
}
