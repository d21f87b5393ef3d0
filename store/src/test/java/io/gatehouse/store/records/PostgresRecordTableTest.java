package io.gatehouse.store.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.records.RecordTable;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.testsupport.PostgresServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plugin records on PostgreSQL (a real server), two pools as two nodes would have; one schema per test. */
class PostgresRecordTableTest extends RecordTableContract {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static PostgresServer pg;
  private String schema;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("records");
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private static PostgresSettings settings(String schema) {
    return PostgresSettings.defaults()
        .withServer(pg.host(), pg.port(), "records")
        .withLogin(pg.user(), pg.password())
        .withSchema(schema)
        .withTimeout(Duration.ofSeconds(2));
  }

  @Override
  String dbSystem() {
    return "postgres";
  }

  @Override
  RecordTable open() {
    schema = "records_" + SCHEMAS.incrementAndGet();
    return PostgresConfigStore.records(settings(schema), clock::get);
  }

  @Override
  RecordTable openAnother() {
    return PostgresConfigStore.records(settings(schema), clock::get);
  }

  @Test
  void a_stopped_server_fails_calls_with_a_database_error() {
    table.put("sessions", "k", "v", RecordTable.NEVER);
    assertThat(table.get("sessions", "k")).isPresent();
    pg.stop();
    try {
      assertThatThrownBy(() -> table.get("sessions", "k")).isInstanceOf(KongException.class);
    } finally {
      pg.start();
    }
  }
}
