package io.gatehouse.store.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.records.RecordTable;
import io.gatehouse.store.dbless.DblessConfigStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Plugin records of a DB-less node: SQLite in memory, private to the table. */
class DblessRecordTableTest extends RecordTableContract {

  @Override
  RecordTable open() {
    return DblessConfigStore.records(clock::get);
  }

  @Override
  @Nullable RecordTable openAnother() {
    return null;
  }

  @Test
  void two_memory_tables_do_not_share_rows() {
    try (RecordTable other = DblessConfigStore.records(clock::get)) {
      table.put("sessions", "mine", "v", RecordTable.NEVER);
      assertThat(other.get("sessions", "mine")).isEmpty();
    }
  }
}
