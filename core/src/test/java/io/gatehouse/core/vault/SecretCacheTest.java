package io.gatehouse.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Kong 3.9 pdk/vault.lua's cache rules for a vault's {@code ttl}, {@code neg_ttl} and
 * {@code resurrect_ttl}, on a clock the test moves.
 */
class SecretCacheTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final SecretCache cache = new SecretCache(now::get);
  private final AtomicReference<String> vault = new AtomicReference<>("v1");
  private final AtomicInteger reads = new AtomicInteger();

  private String get(SecretCache.Ttls ttls) {
    return cache.get("k", ttls, () -> {
      reads.incrementAndGet();
      String v = vault.get();
      if ("FAIL".equals(v)) throw new VaultException(VaultException.Kind.UNRESOLVED, "vault is sealed");
      return v;
    });
  }

  private void advance(long seconds) {
    now.addAndGet(seconds * 1000);
  }

  @Test
  void withoutTtlASecretIsReadOnce() {
    SecretCache.Ttls none = new SecretCache.Ttls(null, null, null);
    assertThat(get(none)).isEqualTo("v1");
    vault.set("v2");
    advance(86_400);
    assertThat(get(none)).isEqualTo("v1");
    assertThat(reads).hasValue(1);
    assertThat(cache.anyDue()).isFalse();
    cache.clear();
    assertThat(get(none)).as("a reload forgets").isEqualTo("v2");
  }

  @Test
  void ttlRotatesTheSecret() {
    SecretCache.Ttls ttl = new SecretCache.Ttls(10L, null, null);
    assertThat(get(ttl)).isEqualTo("v1");
    vault.set("v2");
    advance(9);
    assertThat(cache.anyDue()).isFalse();
    assertThat(get(ttl)).isEqualTo("v1");
    advance(1);
    assertThat(cache.anyDue()).isTrue();
    assertThat(get(ttl)).isEqualTo("v2");
    assertThat(reads).hasValue(2);
    assertThat(cache.anyDue()).isFalse();
  }

  @Test
  void resurrectTtlKeepsTheOldValueWhileTheVaultFailsThenGivesUp() {
    SecretCache.Ttls ttls = new SecretCache.Ttls(10L, null, 20L);
    assertThat(get(ttls)).isEqualTo("v1");
    vault.set("FAIL");
    advance(10);
    assertThat(get(ttls)).as("resurrected").isEqualTo("v1");
    advance(15);
    assertThat(cache.anyDue()).as("still asked again at each rotation").isTrue();
    assertThat(get(ttls)).isEqualTo("v1");
    advance(5); // 30 s: ttl + resurrect_ttl are over
    assertThatThrownBy(() -> get(ttls)).isInstanceOf(VaultException.class).hasMessage("vault is sealed");
    vault.set("v3");
    assertThat(get(ttls)).as("no neg_ttl: asked again at once").isEqualTo("v3");
  }

  @Test
  void withoutResurrectTtlAStaleValueIsKeptAsKongsDaoMaxTtl() {
    SecretCache.Ttls ttls = new SecretCache.Ttls(10L, null, null);
    get(ttls);
    vault.set("FAIL");
    advance(1_000_000);
    assertThat(get(ttls)).isEqualTo("v1");
  }

  @Test
  void negTtlCachesAFailure() {
    SecretCache.Ttls ttls = new SecretCache.Ttls(null, 30L, null);
    vault.set(null);
    assertThatThrownBy(() -> get(ttls)).hasMessage("could not get value from external vault (no value found)");
    vault.set("v1");
    advance(29);
    assertThatThrownBy(() -> get(ttls)).hasMessage("could not get value from external vault (no value found)");
    assertThat(reads).hasValue(1);
    assertThat(cache.anyDue()).isFalse();
    advance(1);
    assertThat(cache.anyDue()).isTrue();
    assertThat(get(ttls)).isEqualTo("v1");
  }
}
