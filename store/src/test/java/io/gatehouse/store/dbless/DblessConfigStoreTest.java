package io.gatehouse.store.dbless;

import static io.gatehouse.store.ContractTables.id;
import static io.gatehouse.store.ContractTables.route;
import static io.gatehouse.store.ContractTables.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
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
  void theFirstSnapshotAfterAReplaceReadsAsTheDatabaseDoes() {
    DblessConfigStore s = (DblessConfigStore) store;
    ObjectNode svc = service("numbers", "t1").put("created_at", 1733300000L).put("retries", 5);
    svc.putObject("client_certificate").putNull("id");
    ObjectNode r = route("numbers-r", id(svc));
    s.replaceAll(Map.of("services", List.of(svc), "routes", List.of(r)), "c".repeat(32));
    ConfigStore.StoreSnapshot fromLoad = s.snapshot();
    ConfigStore.StoreSnapshot fromDatabase = s.snapshot();
    assertThat(fromLoad.version()).isEqualTo(fromDatabase.version()).isEqualTo(s.version());
    assertThat(Json.write(Json.MAPPER.valueToTree(fromLoad.tables())))
        .isEqualTo(Json.write(Json.MAPPER.valueToTree(fromDatabase.tables())));
    // the copy is the caller's to change
    fromLoad.tables().get("services").getFirst().put("name", "changed");
    assertThat(s.snapshot().tables().get("services").getFirst().get("name").asText()).isEqualTo("numbers");
  }

  @Test
  void aWriteAfterTheReplaceIsInTheNextSnapshot() {
    DblessConfigStore s = (DblessConfigStore) store;
    s.replaceAll(Map.of("services", List.of(service("first"))), "d".repeat(32));
    s.insert("services", service("second"));
    assertThat(s.snapshot().tables().get("services")).extracting(n -> n.get("name").asText())
        .containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void rowsWithATtlAreReadWithTheTimeLeft() {
    DblessConfigStore s = (DblessConfigStore) store;
    ObjectNode consumer = ContractTables.consumer("ttl-owner", null);
    ObjectNode key = ContractTables.credential("k-ttl", id(consumer)).put("ttl", 100);
    s.replaceAll(Map.of("consumers", List.of(consumer), "keyauth_credentials", List.of(key)), "e".repeat(32));
    clock.advance(java.time.Duration.ofSeconds(40));
    assertThat(s.snapshot().tables().get("keyauth_credentials").getFirst().get("ttl").asLong()).isEqualTo(60);
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
