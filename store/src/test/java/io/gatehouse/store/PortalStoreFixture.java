package io.gatehouse.store;

import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test's portal tables on a fresh SQLite file, opened before each test and closed after. */
public abstract class PortalStoreFixture {
  @TempDir protected Path dir;
  protected PortalStore store;

  @BeforeEach
  void openPortalStore() {
    store = SqliteConfigStore.portal(dir.resolve("gatehouse.db"));
  }

  @AfterEach
  void closePortalStore() {
    store.close();
  }
}
