package io.gatehouse.store.sqlite;

import static io.gatehouse.store.ContractTables.id;
import static io.gatehouse.store.ContractTables.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.ConfigStoreContract;
import io.gatehouse.store.ContractTables;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConfigStoreTest extends ConfigStoreContract {
  @TempDir Path dir;

  @Override
  protected ConfigStore newStore(Clock clock) {
    return SqliteConfigStore.open(dir.resolve("contract/gatehouse.db"), clock);
  }

  @Test
  void createsParentDirectoriesAndUsesWal() throws Exception {
    Path db = dir.resolve("a/b/c/gatehouse.db");
    try (ConfigStore s = SqliteConfigStore.open(db)) {
      assertThat(s.isReachable()).isTrue();
    }
    assertThat(db).exists();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void dataAndVersionSurviveReopening() {
    Path db = dir.resolve("reopen/gatehouse.db");
    ObjectNode s = service("kept");
    try (ConfigStore first = SqliteConfigStore.open(db)) {
      ContractTables.registerAll(first);
      first.insert("services", s);
      first.insert("services", service("second"));
    }
    try (ConfigStore again = SqliteConfigStore.open(db)) { // migrations already applied: a no-op
      ContractTables.registerAll(again);
      assertThat(again.get("services", id(s))).contains(s);
      assertThat(again.findByUnique("services", "name", "kept")).contains(s);
      assertThat(again.version()).isEqualTo(2);
    }
  }

  /** Two stores on one file (as two processes would be) queue on SQLite's lock, not on ours. */
  @Test
  void twoStoresOnOneFileBothWriteSafely() throws Exception {
    Path db = dir.resolve("shared/gatehouse.db");
    try (ConfigStore a = SqliteConfigStore.open(db); ConfigStore b = SqliteConfigStore.open(db)) {
      ContractTables.registerAll(a);
      ContractTables.registerAll(b);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> fa = pool.submit(() -> writeMany(a, "a"));
        Future<?> fb = pool.submit(() -> writeMany(b, "b"));
        fa.get(60, TimeUnit.SECONDS);
        fb.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertThat(a.snapshot().tables().get("services")).hasSize(80);
      assertThat(b.version()).isEqualTo(80);
    }
  }

  private static Void writeMany(ConfigStore store, String prefix) {
    for (int i = 0; i < 40; i++) {
      store.insert("services", service(prefix + "-" + i));
    }
    return null;
  }

  /** A child JVM writes and acknowledges rows; kill -9 right after an acknowledgement loses none. */
  @Test
  void acknowledgedWritesSurviveKill9() throws Exception {
    Path db = dir.resolve("kill/gatehouse.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
        DurabilityChild.class.getName(), db.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < 25 && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        }
      }
      child.destroyForcibly(); // SIGKILL, straight after the last acknowledgement
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).as("acknowledged writes before the kill").hasSize(25);
    assertThat(Files.exists(db)).isTrue();

    try (ConfigStore reopened = SqliteConfigStore.open(db)) {
      ContractTables.registerAll(reopened);
      for (String id : acked) {
        assertThat(reopened.get("services", id)).as("acknowledged row %s", id).isPresent();
      }
      assertThat(reopened.version()).isGreaterThanOrEqualTo(acked.size());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }
}
