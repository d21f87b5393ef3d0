package io.gatehouse.store.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.PortalStoreFixture;
import org.junit.jupiter.api.Test;

/** The login_sessions table on SQLite (PostgreSQL runs it in the app's LoginSessionsIT). */
class LoginSessionRowsTest extends PortalStoreFixture {
  private static final long T = 1_000_000_000L;

  @Test
  void a_row_answers_for_its_kind_until_it_expires_then_is_deleted_as_found() {
    LoginSessionRows portal = store.sessions("portal_session");
    LoginSessionRows admin = store.sessions("admin_session");
    portal.insert("h1", "dev-1", T + 1000, T);
    assertThat(portal.find("h1", T)).contains(new LoginSessionRows.Row("dev-1", T + 1000));
    assertThat(admin.find("h1", T)).as("another kind's row").isEmpty();
    assertThat(portal.find("h1", T + 1000)).as("expired").isEmpty();
    assertThat(portal.find("h1", T)).as("deleted when found expired").isEmpty();
  }

  @Test
  void close_all_deletes_every_row_of_the_subject_of_that_kind_only() {
    LoginSessionRows portal = store.sessions("portal_session");
    LoginSessionRows admin = store.sessions("admin_session");
    portal.insert("h1", "same-id", T + 1000, T);
    portal.insert("h2", "same-id", T + 1000, T);
    portal.insert("h3", "other", T + 1000, T);
    admin.insert("h4", "same-id", T + 1000, T);
    assertThat(portal.deleteSubject("same-id")).isEqualTo(2);
    assertThat(portal.find("h1", T)).isEmpty();
    assertThat(portal.find("h3", T)).isPresent();
    assertThat(admin.find("h4", T)).isPresent();
  }

  @Test
  void a_sweep_removes_at_most_its_limit_of_expired_rows_and_runs_at_most_once_a_minute() {
    LoginSessionRows rows = store.sessions("portal_session");
    rows.sweepNowAndThen(T); // this view's first sweep, on an empty table
    int expired = LoginSessionRows.SWEEP_LIMIT + 5;
    for (int i = 0; i < expired; i++) rows.insert("old-" + i, "dev", T + 10, T);
    rows.insert("live", "dev", T + 3_600_000, T);
    rows.sweepNowAndThen(T + 59_999); // under a minute since the last: no sweep
    assertThat(rows.sweep(T + 59_999)).as("none swept yet; one sweep is bounded").isEqualTo(LoginSessionRows.SWEEP_LIMIT);
    assertThat(rows.sweep(T + 59_999)).isEqualTo(5);
    for (int i = 0; i < 3; i++) rows.insert("later-" + i, "dev", T + 20, T + 59_999);
    rows.sweepNowAndThen(T + 60_000); // a minute: this one sweeps
    assertThat(rows.sweep(T + 60_000)).as("the periodic sweep took them").isZero();
    assertThat(rows.find("live", T + 60_000)).isPresent();
  }
}
