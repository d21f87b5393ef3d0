package io.gatehouse.store.records;

import io.gatehouse.core.records.RecordTable;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Plugin records in the SQLite file, two connections on it as two processes would have. */
class SqliteRecordTableTest extends RecordTableContract {
  @TempDir Path dir;

  @Override
  RecordTable open() {
    return SqliteConfigStore.records(dir.resolve("gatehouse.db"), clock::get);
  }

  @Override
  RecordTable openAnother() {
    return SqliteConfigStore.records(dir.resolve("gatehouse.db"), clock::get);
  }
}
