package io.gatehouse.admin.rbac;

import io.gatehouse.store.rbac.RbacUser;
import io.gatehouse.store.rbac.RbacUsers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the RBAC user a token belongs to. Candidates come from the token's ident; the token is
 * checked against each candidate's PBKDF2 hash, and a match is remembered (by the token's SHA-256)
 * together with the hash it matched, so the next request with the same token costs one digest. A
 * changed token or a deleted user no longer matches the remembered hash. With no candidate at all
 * the same work is spent on a decoy, so a miss takes as long as a hit.
 */
final class Authenticator {
  private static final int MAX_REMEMBERED = 1024;

  private final RbacUsers users;
  private final TokenHasher hasher;
  private final Map<String, String> verified = new ConcurrentHashMap<>();

  Authenticator(RbacUsers users, TokenHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  /** The enabled user whose token is {@code token}, or empty. */
  Optional<RbacUser> authenticate(String token) {
    String digest = TokenHasher.digestHex(token);
    List<RbacUser> candidates = users.byTokenIdent(TokenHasher.ident(token));
    if (candidates.isEmpty()) {
      hasher.verifyDecoy(token);
      return Optional.empty();
    }
    String remembered = verified.get(digest);
    for (RbacUser u : candidates) {
      if (remembered != null && sameText(remembered, u.tokenHash())) {
        return u.enabled() ? Optional.of(u) : Optional.empty();
      }
    }
    for (RbacUser u : candidates) {
      if (hasher.verify(token, u.tokenHash())) {
        if (verified.size() >= MAX_REMEMBERED) {
          verified.clear();
        }
        verified.put(digest, u.tokenHash());
        return u.enabled() ? Optional.of(u) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean sameText(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
