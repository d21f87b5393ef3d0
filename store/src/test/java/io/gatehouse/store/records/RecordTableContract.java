package io.gatehouse.store.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.records.RecordTable;
import io.gatehouse.core.records.RecordTable.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every plugin record table does, whatever the database: one suite, one subclass per store mode. */
abstract class RecordTableContract {
  final AtomicLong clock = new AtomicLong(1_000_000);
  RecordTable table;

  /** A fresh, empty table whose expiry follows {@link #clock}. */
  abstract RecordTable open();

  /** A second handle on the same rows (another node or connection), or null when the mode has none. */
  abstract RecordTable openAnother();

  /** The database as tracing names it (Kong's {@code db.system}). */
  String dbSystem() {
    return "sqlite";
  }

  @BeforeEach
  void setUp() {
    table = open();
  }

  @AfterEach
  void tearDown() {
    table.close();
  }

  /** Kong's db_query instrumentation: each statement of a traced call, with its text and database; none otherwise. */
  @Test
  void statements_of_a_traced_call_are_reported_without_their_values() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.gatehouse.core.records.QueryTrace.Listener listener = (system, sql, start, end, failure) -> {
      assertThat(end).isGreaterThanOrEqualTo(start);
      seen.add(system + "|" + sql + "|" + failure);
    };
    table.put("sessions", "secret-key", "secret-value", RecordTable.NEVER);
    assertThat(table.get("sessions", "secret-key")).isPresent();
    assertThat(seen).as("not traced: nothing reported").isEmpty();
    Optional<Stored> got = io.gatehouse.core.records.QueryTrace.observed(listener,
        () -> table.get("sessions", "secret-key"));
    assertThat(got.map(Stored::value)).contains("secret-value");
    assertThat(seen).singleElement().satisfies(s -> assertThat(s)
        .startsWith(dbSystem() + "|SELECT value, expires_at FROM plugin_records WHERE namespace = ? AND record_key = ?")
        .endsWith("|null").doesNotContain("secret"));
    io.gatehouse.core.records.QueryTrace.observed(listener, () -> table.take("sessions", "secret-key"));
    assertThat(seen.get(1)).startsWith(dbSystem() + "|DELETE FROM plugin_records WHERE namespace = ?")
        .contains("RETURNING");
    table.get("sessions", "secret-key");
    assertThat(seen).as("the listener is gone after the call").hasSize(2);
  }

  @Test
  void put_get_replace_delete() {
    assertThat(table.get("sessions", "a")).isEmpty();
    table.put("sessions", "a", "{\"v\":1}", RecordTable.NEVER);
    assertThat(table.get("sessions", "a")).contains(new Stored("a", "{\"v\":1}", RecordTable.NEVER));
    table.put("sessions", "a", "{\"v\":2}", 2_000_000);
    assertThat(table.get("sessions", "a")).contains(new Stored("a", "{\"v\":2}", 2_000_000));
    assertThat(table.delete("sessions", "a")).isTrue();
    assertThat(table.delete("sessions", "a")).isFalse();
    assertThat(table.get("sessions", "a")).isEmpty();
  }

  @Test
  void namespaces_are_separate() {
    table.put("oauth2_tokens", "k", "token", RecordTable.NEVER);
    table.put("sessions", "k", "session", RecordTable.NEVER);
    assertThat(table.get("oauth2_tokens", "k").map(Stored::value)).contains("token");
    assertThat(table.get("sessions", "k").map(Stored::value)).contains("session");
    table.delete("sessions", "k");
    assertThat(table.get("oauth2_tokens", "k")).isPresent();
  }

  @Test
  void expired_rows_read_as_absent_and_cannot_be_taken() {
    table.put("codes", "c", "x", clock.get() + 1_000);
    assertThat(table.get("codes", "c")).isPresent();
    clock.addAndGet(1_000);
    assertThat(table.get("codes", "c")).isEmpty();
    assertThat(table.take("codes", "c")).isEmpty();
    assertThat(table.list("codes", null, 10)).isEmpty();
    table.put("codes", "c", "fresh", clock.get() + 1_000); // a put over an expired row starts it over
    assertThat(table.get("codes", "c").map(Stored::value)).contains("fresh");
  }

  @Test
  void a_take_is_won_once_even_under_contention() throws Exception {
    table.put("codes", "once", "v", RecordTable.NEVER);
    RecordTable other = openAnother();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Optional<Stored>>> takes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        RecordTable t = other != null && i % 2 == 1 ? other : table;
        takes.add(pool.submit(() -> t.take("codes", "once")));
      }
      int won = 0;
      for (Future<Optional<Stored>> f : takes) {
        won += f.get().isPresent() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdown();
      if (other != null) {
        other.close();
      }
    }
  }

  @Test
  void list_pages_in_key_order_and_skips_expired_rows() {
    for (String k : List.of("d", "B", "a", "c", "-x")) {
      table.put("tokens", k, "v" + k, RecordTable.NEVER);
    }
    table.put("tokens", "b0", "gone", clock.get() - 1);
    table.put("other", "a0", "elsewhere", RecordTable.NEVER);
    List<Stored> first = table.list("tokens", null, 3);
    assertThat(first).extracting(Stored::key).containsExactly("-x", "B", "a");
    List<Stored> rest = table.list("tokens", first.get(2).key(), 3);
    assertThat(rest).extracting(Stored::key).containsExactly("c", "d");
    assertThat(rest.get(0).value()).isEqualTo("vc");
  }

  @Test
  void another_handle_sees_the_same_rows() {
    RecordTable other = openAnother();
    if (other == null) {
      return; // a memory table has one handle
    }
    try {
      table.put("sessions", "shared", "s", RecordTable.NEVER);
      assertThat(other.get("sessions", "shared").map(Stored::value)).contains("s");
      assertThat(other.take("sessions", "shared")).isPresent();
      assertThat(table.get("sessions", "shared")).isEmpty();
    } finally {
      other.close();
    }
  }
}
