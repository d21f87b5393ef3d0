package io.gatehouse.control;

import static io.gatehouse.store.ContractTables.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.ContractTables;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFeedTest {
  @TempDir Path dir;

  @Test
  void buildsAtStartAndAfterEveryWrite() {
    try (SqliteConfigStore store = SqliteConfigStore.open(dir.resolve("feed.db"))) {
      ContractTables.registerAll(store);
      List<ConfigSnapshot> applied = new CopyOnWriteArrayList<>();
      try (SnapshotFeed feed = new SnapshotFeed(store, applied::add).start()) {
        assertThat(applied).singleElement().satisfies(s -> assertThat(s.services()).isEmpty());
        store.insert("services", service("fed"));
        await().until(() -> feed.appliedVersion() == 1);
        assertThat(applied.getLast().services()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("fed"));
      }
    }
  }

  @Test
  void aFailedBuildKeepsThePreviousSnapshotAndIsCounted() {
    try (SqliteConfigStore store = SqliteConfigStore.open(dir.resolve("feed.db"))) {
      ContractTables.registerAll(store);
      AtomicBoolean broken = new AtomicBoolean();
      List<ConfigSnapshot> applied = new CopyOnWriteArrayList<>();
      try (SnapshotFeed feed = new SnapshotFeed(store, rows -> {
        if (broken.get()) {
          throw new IllegalStateException("vault unreachable");
        }
        return rows;
      }, applied::add).start()) {
        broken.set(true);
        store.insert("services", service("never-applied"));
        await().until(() -> feed.failures() == 1);
        assertThat(feed.lastError()).isEqualTo("vault unreachable");
        assertThat(feed.appliedVersion()).isZero();
        assertThat(applied).hasSize(1);

        broken.set(false);
        feed.request();
        await().until(() -> feed.appliedVersion() == 1);
        assertThat(feed.lastError()).isNull();
      }
    }
  }

  @Test
  void everyAppliedBuildIsSavedAndASavedOneServesUntilTheStoreAnswers() throws Exception {
    LastGoodFile file = new LastGoodFile(dir.resolve("last_good_config"));
    try (SqliteConfigStore store = SqliteConfigStore.open(dir.resolve("feed.db"))) {
      ContractTables.registerAll(store);
      try (SnapshotFeed feed = new SnapshotFeed(store, s -> {}).keepLastGood(file).start()) {
        store.insert("services", service("saved"));
        await().until(() -> file.load().map(LastGoodFile.Saved::version).orElse(-1L) == 1);
        assertThat(file.load().orElseThrow().tables().get("services")).singleElement()
            .satisfies(r -> assertThat(r.get("name").asText()).isEqualTo("saved"));
        assertThat(feed.source()).isEqualTo(SnapshotFeed.Source.DATABASE);
      }
    }
    try (SqliteConfigStore other = SqliteConfigStore.open(dir.resolve("other.db"))) {
      ContractTables.registerAll(other);
      List<ConfigSnapshot> applied = new CopyOnWriteArrayList<>();
      AtomicBoolean down = new AtomicBoolean(true); // the database cannot be read until the test says so
      try (SnapshotFeed feed = new SnapshotFeed(downUntilReleased(other, down), applied::add)
          .startFrom(file.load().orElseThrow())) {
        assertThat(applied).singleElement().satisfies(s -> assertThat(s.services().getFirst().name()).isEqualTo("saved"));
        assertThat(feed.source()).isEqualTo(SnapshotFeed.Source.LAST_GOOD_FILE);
        assertThat(feed.appliedVersion()).isEqualTo(1);
        down.set(false);
        other.insert("services", service("live")); // the store answers: its content replaces the saved one
        await().until(() -> feed.source() == SnapshotFeed.Source.DATABASE);
        assertThat(applied.getLast().services()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("live"));
      }
    }
  }

  /** {@code store}, whose snapshot cannot be read while {@code down} is set (as a database that does not answer). */
  private static ConfigStore downUntilReleased(ConfigStore store, AtomicBoolean down) {
    return (ConfigStore) Proxy.newProxyInstance(ConfigStore.class.getClassLoader(), new Class<?>[] {ConfigStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("snapshot") && down.get()) {
            throw new IllegalStateException("the database does not answer (test)");
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
