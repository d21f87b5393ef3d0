package io.gatehouse.store.postgres;

import static io.gatehouse.store.ContractTables.id;
import static io.gatehouse.store.ContractTables.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.ErrorCode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.ConfigStoreContract;
import io.gatehouse.store.ContractTables;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.testsupport.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL (one throwaway server per class, a fresh schema per test),
 * plus what only a cluster store does: other nodes' writes, outages, cross-node races.
 */
class PostgresConfigStoreTest extends ConfigStoreContract {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static PostgresServer pg;

  private String schema = "";

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("gatehouse");
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  /** Settings for the current test's schema; the version poll is slow so only NOTIFY is fast. */
  private PostgresSettings settings() {
    return PostgresSettings.defaults()
        .withServer(pg.host(), pg.port(), "gatehouse")
        .withLogin(pg.user(), pg.password())
        .withSchema(schema)
        .withTimeout(Duration.ofSeconds(2))
        .withPoolSize(4)
        .withUpdateFrequency(Duration.ofHours(1));
  }

  @Override
  protected ConfigStore newStore(Clock clock) {
    schema = "contract_" + SCHEMAS.incrementAndGet();
    return PostgresConfigStore.open(settings(), clock);
  }

  private PostgresConfigStore otherNode(PostgresSettings settings) {
    PostgresConfigStore node = PostgresConfigStore.open(settings);
    ContractTables.registerAll(node);
    return node;
  }

  @Test
  void writesOnAnotherNodeReachThisNodesListenersThroughNotify() {
    try (PostgresConfigStore b = otherNode(settings())) {
      List<Long> heard = new CopyOnWriteArrayList<>();
      b.onChange(heard::add);
      ObjectNode s = store.insert("services", service("from-a"));
      long v = store.version();
      // b polls once an hour: only the NOTIFY can bring this within the wait
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(v));
      assertThat(b.get("services", id(s))).contains(s);
      assertThat(b.snapshot().version()).isEqualTo(v);
    }
  }

  @Test
  void pollingCatchesAVersionBumpThatNoNotifyAnnounced() {
    try (PostgresConfigStore b = otherNode(settings().withUpdateFrequency(Duration.ofMillis(200)))) {
      List<Long> heard = new CopyOnWriteArrayList<>();
      b.onChange(heard::add);
      pg.sql("gatehouse", "UPDATE " + schema + ".config_version SET version = version + 1"); // no NOTIFY
      long v = store.version();
      assertThat(v).isPositive();
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(v));
    }
  }

  @Test
  void notificationsStayInTheirSchema() {
    String mine = schema;
    schema = "contract_" + SCHEMAS.incrementAndGet();
    try (PostgresConfigStore elsewhere = otherNode(settings())) {
      List<Long> heard = new CopyOnWriteArrayList<>();
      store.onChange(heard::add);
      List<Long> heardElsewhere = new CopyOnWriteArrayList<>();
      elsewhere.onChange(heardElsewhere::add);
      store.insert("services", service("here"));
      elsewhere.insert("services", service("there"));
      schema = mine;
      try (PostgresConfigStore b = otherNode(settings())) {
        List<Long> heardByB = new CopyOnWriteArrayList<>();
        b.onChange(heardByB::add);
        store.insert("services", service("here-again"));
        await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.contains(2L));
      }
      assertThat(elsewhere.version()).isEqualTo(1);
      assertThat(heardElsewhere).containsExactly(1L);
      assertThat(elsewhere.findByUnique("services", "name", "here")).isEmpty();
    }
  }

  /** Kong §9.2: while the database is down writes fail with code 8; once back, nothing is lost. */
  @Test
  void anOutageFailsWritesWithCode8AndLosesNothing() {
    try (PostgresConfigStore b = otherNode(settings().withUpdateFrequency(Duration.ofMillis(200)))) {
      List<Long> heard = new CopyOnWriteArrayList<>();
      b.onChange(heard::add);
      ObjectNode before = store.insert("services", service("before-outage"));
      long v1 = store.version();
      pg.stop();
      try {
        assertThat(store.isReachable()).isFalse();
        assertThat(b.isReachable()).isFalse();
        KongException e = kongError(() -> store.insert("services", service("during-outage")),
            ErrorCode.DATABASE_ERROR);
        assertThat(e.getMessage()).isNotBlank();
        kongError(() -> store.get("services", id(before)), ErrorCode.DATABASE_ERROR);
      } finally {
        pg.start();
      }
      await().atMost(Duration.ofSeconds(20)).until(store::isReachable);
      assertThat(store.get("services", id(before))).contains(before);
      assertThat(store.findByUnique("services", "name", "during-outage")).isEmpty();
      assertThat(store.version()).isEqualTo(v1);
      ObjectNode after = store.insert("services", service("after-outage"));
      // b's listener reconnected by itself and hears the write
      await().atMost(Duration.ofSeconds(20)).until(() -> heard.contains(v1 + 1));
      assertThat(b.get("services", id(after))).contains(after);
    }
  }

  /** Uniqueness is checked in code; the writer lock makes that hold across nodes too. */
  @Test
  void twoNodesRacingForOneNameGetExactlyOneWinnerAndCode5() throws Exception {
    try (PostgresConfigStore b = otherNode(settings())) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 10; round++) {
          String name = "race-" + round;
          CountDownLatch go = new CountDownLatch(1);
          List<Future<ErrorCode>> outcomes = new ArrayList<>();
          for (ConfigStore node : List.of(store, b)) {
            outcomes.add(pool.submit(() -> {
              go.await();
              try {
                node.insert("services", service(name));
                return null;
              } catch (KongException e) {
                return e.code();
              }
            }));
          }
          go.countDown();
          List<ErrorCode> codes = new ArrayList<>();
          for (Future<ErrorCode> f : outcomes) {
            codes.add(f.get(30, TimeUnit.SECONDS));
          }
          assertThat(codes).containsExactlyInAnyOrder(null, ErrorCode.UNIQUE_VIOLATION);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(store.version()).isEqualTo(10);
      assertThat(b.list("services", PageQuery.first(100)).data()).hasSize(10);
    }
  }

  /**
   * Pages follow byte order even in a database whose own collation is linguistic (ICU en-US puts
   * 'a' before 'B' and ignores '-'): the V1.1 migration makes the key columns COLLATE "C".
   */
  @Test
  void pagesFollowByteOrderInALinguisticDatabase() {
    pg.sql("postgres", "CREATE DATABASE icu_" + SCHEMAS.incrementAndGet()
        + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    String db = "icu_" + SCHEMAS.get();
    try (PostgresConfigStore icu = otherNode(settings().withServer(pg.host(), pg.port(), db))) {
      List<String> ids = List.of("B", "a", "-z", "a-b", "ab", "Z", "_", "0", "é", "b");
      for (String i : ids) {
        icu.insert("services", service("n" + i.hashCode()).put("id", i));
      }
      List<String> seen = new ArrayList<>();
      String offset = null;
      do {
        Page page = icu.list("services", PageQuery.first(3).withOffset(offset));
        page.data().forEach(e -> seen.add(e.get("id").asText()));
        offset = page.offset();
      } while (offset != null);
      List<String> byteOrder = new ArrayList<>(ids);
      byteOrder.sort(Comparator.comparing(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.util.Arrays::compareUnsigned));
      assertThat(seen).containsExactlyElementsOf(byteOrder);
    }
  }
}
