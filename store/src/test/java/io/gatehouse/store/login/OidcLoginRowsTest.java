package io.gatehouse.store.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.PortalStoreFixture;
import org.junit.jupiter.api.Test;

/** The oidc_logins table on SQLite (PostgreSQL runs it in the app's PortalOidcLoginStoredIT). */
class OidcLoginRowsTest extends PortalStoreFixture {
  private static final long T = 1_000_000_000L;

  @Test
  void a_login_is_taken_once_and_never_after_it_expires() {
    OidcLoginRows rows = store.oidcLogins();
    rows.insert("s1", "{\"n\":1}", T + 1000, T);
    rows.insert("s2", "{\"n\":2}", T + 1000, T);
    assertThat(rows.live(T)).isEqualTo(2);
    assertThat(rows.take("s1", T)).contains("{\"n\":1}");
    assertThat(rows.take("s1", T)).as("a replay").isEmpty();
    assertThat(rows.take("s2", T + 1000)).as("expired").isEmpty();
    assertThat(rows.live(T)).as("the expired one was deleted as it was asked for").isZero();
    assertThat(rows.take("unknown", T)).isEmpty();
  }

  @Test
  void a_sweep_removes_expired_logins_only() {
    OidcLoginRows rows = store.oidcLogins();
    rows.insert("old", "{}", T + 10, T);
    rows.insert("live", "{}", T + 600_000, T);
    assertThat(rows.sweep(T + 10)).isEqualTo(1);
    assertThat(rows.take("live", T + 10)).contains("{}");
  }
}
