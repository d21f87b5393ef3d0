package io.gatehouse.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Kong's secret cache (pdk/vault.lua) with its rotation fields, per vault config:
 * <ul>
 *   <li>{@code ttl}: a secret read is kept that many seconds, then read again (unset or 0: kept until
 *       the configuration of its vault changes, Kong's DAO_MAX_TTL);
 *   <li>{@code resurrect_ttl}: when reading it again fails, the old value keeps being used for that
 *       many seconds past its {@code ttl} (unset: as long as Kong's DAO_MAX_TTL), each later build
 *       trying again;
 *   <li>{@code neg_ttl}: a secret that could not be read is not asked for again during that many
 *       seconds (unset or 0: asked again at the next build).
 * </ul>
 * A secret is keyed by its vault kind, the vault's whole config and the reference's resource and
 * version, so a changed vault entity reads anew. {@link #anyDue()} tells the rotation timer whether
 * a rebuild would read something again.
 */
public final class SecretCache {
  /** Kong's DAO_MAX_TTL, in seconds: "forever" for a cache. */
  static final long DAO_MAX_TTL = 100_000_000L;

  /** A vault config's rotation fields, in seconds; null when unset. */
  public record Ttls(@Nullable Long ttl, @Nullable Long negTtl, @Nullable Long resurrectTtl) {
    static Ttls of(ObjectNode config) {
      return new Ttls(seconds(config.get("ttl")), seconds(config.get("neg_ttl")), seconds(config.get("resurrect_ttl")));
    }

    private static @Nullable Long seconds(@Nullable JsonNode v) {
      return v == null || !v.isNumber() ? null : (long) Math.ceil(v.asDouble());
    }
  }

  /** Reads one secret from its vault: the value, null when there is none, or a {@link VaultException}. */
  @FunctionalInterface
  public interface Fetch {
    @Nullable String get();
  }

  /** A value (or, negatively cached, an error) and when it is due to be read again. */
  private record Entry(@Nullable String value, @Nullable VaultException error, long dueAt, long keepUntil) {}

  private final LongSupplier clockMillis;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** @param clockMillis the time, epoch milliseconds ({@code System::currentTimeMillis}) */
  public SecretCache(LongSupplier clockMillis) {
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
  }

  /**
   * The cached secret of {@code key}, or the vault's answer when none is cached or it is due.
   *
   * @throws VaultException when there is no value to use (the vault's own error, or
   *     {@code could not get value from external vault (no value found)})
   */
  public String get(String key, Ttls ttls, Fetch fetch) {
    long now = clockMillis.getAsLong();
    Entry cached = entries.get(key);
    if (cached != null && now < cached.dueAt()) {
      if (cached.value() != null) return cached.value();
      throw Objects.requireNonNull(cached.error());
    }
    VaultException failure;
    try {
      String value = fetch.get();
      if (value != null) {
        long due = now + millis(positiveOr(ttls.ttl(), DAO_MAX_TTL));
        long keep = due + millis(ttls.resurrectTtl() == null ? DAO_MAX_TTL : ttls.resurrectTtl());
        entries.put(key, new Entry(value, null, due, keep));
        return value;
      }
      failure = new VaultException(VaultException.Kind.UNRESOLVED, "could not get value from external vault (no value found)");
    } catch (VaultException e) {
      failure = e;
    }
    if (cached != null && cached.value() != null && now < cached.keepUntil()) {
      return cached.value(); // resurrected: still due, so the next build asks the vault again
    }
    long negTtl = positiveOr(ttls.negTtl(), 0);
    if (negTtl > 0) {
      entries.put(key, new Entry(null, failure, now + millis(negTtl), 0));
    } else {
      entries.remove(key);
    }
    throw failure;
  }

  /** Whether some cached secret (or cached failure) is due to be read again. */
  public boolean anyDue() {
    long now = clockMillis.getAsLong();
    for (Entry e : entries.values()) {
      if (now >= e.dueAt()) return true;
    }
    return false;
  }

  /** Forgets everything (a reload reads every secret again). */
  public void clear() {
    entries.clear();
  }

  private static long positiveOr(@Nullable Long v, long fallback) {
    return v == null || v <= 0 ? fallback : v;
  }

  private static long millis(long seconds) {
    return Math.multiplyExact(Math.min(seconds, DAO_MAX_TTL * 2), 1000L);
  }
}
