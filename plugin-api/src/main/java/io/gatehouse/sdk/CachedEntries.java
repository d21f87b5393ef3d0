package io.gatehouse.sdk;

import java.util.Optional;

/**
 * Entries a plugin keeps on this node under Kong's node-cache keys ({@code kong.cache}), e.g.
 * ldap-auth's {@code ldap_auth_cache:<sha256>} verdicts: what the Admin API's
 * {@code GET /cache/{key}} shows and {@code DELETE /cache/{key}} and {@code DELETE /cache} drop.
 * Returned by {@link PreparedPlugin#cachedEntries}; called on Admin API threads.
 */
public interface CachedEntries {
  /** A plugin that caches nothing under Kong's keys. */
  CachedEntries NONE = new CachedEntries() {
    @Override
    public Optional<Object> probe(String key) {
      return Optional.empty();
    }

    @Override
    public void invalidate(String key) {}

    @Override
    public void purge() {}
  };

  /**
   * The value cached under {@code key}, as {@code GET /cache/{key}} answers it: a {@code Map} or
   * record is the body, any other value (Kong's {@code false} for a cached refusal) is shown as
   * {@code {"message": value}}; empty when nothing is cached under the key. Never return a secret.
   */
  Optional<Object> probe(String key);

  /** Drops the entry under {@code key}, if any. */
  void invalidate(String key);

  /** Drops every entry. */
  void purge();
}
