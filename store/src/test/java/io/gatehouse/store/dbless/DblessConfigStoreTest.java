package io.gatehouse.store.dbless;

import static io.gatehouse.store.ContractTables.id;
import static io.gatehouse.store.ContractTables.route;
import static io.gatehouse.store.ContractTables.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.ConfigStoreContract;
import io.gatehouse.store.ContractTables;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DblessConfigStoreTest extends ConfigStoreContract {
  @TempDir Path dir;

  @Override
  protected ConfigStore newStore(Clock clock) {
    return DblessConfigStore.open(dir.resolve("contract/dbless.db"), clock);
  }

  @Test
  void replaceAllSwapsEverythingAtOnceAndBumpsTheVersionOnce() {
    DblessConfigStore s = (DblessConfigStore) store;
    s.insert("services", service("old"));
    ObjectNode svc = service("new");
    ObjectNode r = route("r", id(svc));
    List<Long> heard = new ArrayList<>();
    s.onChange(heard::add);
    long v = s.replaceAll(Map.of("services", List.of(svc), "routes", List.of(r)), "a".repeat(32));
    assertThat(v).isEqualTo(2);
    assertThat(heard).containsExactly(2L);
    assertThat(s.findByUnique("services", "name", "old")).isEmpty();
    assertThat(s.snapshot().tables().get("routes")).containsExactly(r);
    assertThat(s.configHash()).isEqualTo("a".repeat(32));
  }

  @Test
  void theLastConfigurationSurvivesAReopen() {
    Path file = dir.resolve("prefix/dbless.db");
    ObjectNode svc = service("kept", "t1");
    try (DblessConfigStore first = DblessConfigStore.open(file, clock)) {
      ContractTables.registerAll(first);
      first.replaceAll(Map.of("services", List.of(svc)), "b".repeat(32));
    }
    try (DblessConfigStore again = DblessConfigStore.open(file, clock)) {
      assertThat(again.hasConfiguration()).isTrue();
      ContractTables.registerAll(again);
      assertThat(again.findByUnique("services", "name", "kept")).contains(svc);
      assertThat(again.configHash()).isEqualTo("b".repeat(32));
      assertThat(again.version()).isEqualTo(1);
    }
  }
}
