package io.gatehouse.store.rbac;

import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The RBAC tables and audit log in an SQLite file. */
class SqliteRbacStoreTest extends RbacStoreContract {
  @TempDir
  Path dir;

  @Override
  RbacStore openRbac() {
    return SqliteConfigStore.rbac(dir.resolve("gatehouse.db"));
  }

  @Override
  AuditLog openAudit() {
    return SqliteConfigStore.audit(dir.resolve("gatehouse.db"), seconds::get);
  }
}
