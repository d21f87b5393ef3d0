package io.gatehouse.store;

import static io.gatehouse.store.ContractTables.bookmark;
import static io.gatehouse.store.ContractTables.consumer;
import static io.gatehouse.store.ContractTables.credential;
import static io.gatehouse.store.ContractTables.id;
import static io.gatehouse.store.ContractTables.note;
import static io.gatehouse.store.ContractTables.plugin;
import static io.gatehouse.store.ContractTables.route;
import static io.gatehouse.store.ContractTables.service;
import static io.gatehouse.store.ContractTables.tags;
import static io.gatehouse.store.ContractTables.target;
import static io.gatehouse.store.ContractTables.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.ErrorCode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConfigStore} must do. An implementation's test extends this and says how to
 * open a fresh, empty store; Kong behaviours pinned here are named in each test.
 */
public abstract class ConfigStoreContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  protected ConfigStore store;

  /** A fresh, empty store whose ttl expiry follows {@code clock}. */
  protected abstract ConfigStore newStore(Clock clock);

  @BeforeEach
  void openStore() {
    store = newStore(clock);
    ContractTables.registerAll(store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static KongException kongError(ThrowingCallable call, ErrorCode expected) {
    KongException e = catchThrowableOfType(KongException.class, call);
    assertThat(e).as("expected a KongException with code %s", expected.code()).isNotNull();
    assertThat(e.code()).isEqualTo(expected);
    return e;
  }

  protected ObjectNode insert(String table, ObjectNode entity) {
    return store.insert(table, entity);
  }

  /** Every store names the default workspace (the proxy's logs and metrics read the names). */
  @Test
  void workspaceNamesIncludeTheDefaultWorkspace() {
    assertThat(store.workspaceNames())
        .containsEntry(io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID, "default");
  }

  @Nested
  class Crud {
    @Test
    void insertedEntityReadsBackEqual() {
      ObjectNode s = service("billing", "a");
      assertThat(insert("services", s)).isEqualTo(s);
      assertThat(store.get("services", id(s))).contains(s);
      assertThat(store.get("services", ContractTables.newId())).isEmpty();
    }

    @Test
    void returnedEntitiesAreCopies() {
      ObjectNode s = service("billing");
      insert("services", s);
      store.get("services", id(s)).orElseThrow().put("name", "changed");
      assertThat(store.get("services", id(s)).orElseThrow().get("name").asText()).isEqualTo("billing");
    }

    @Test
    void findByUniqueFieldAndById() {
      ObjectNode c = insert("consumers", consumer("bob", "c-1"));
      assertThat(store.findByUnique("consumers", "username", "bob")).contains(c);
      assertThat(store.findByUnique("consumers", "custom_id", "c-1")).contains(c);
      assertThat(store.findByUnique("consumers", "id", id(c))).contains(c);
      assertThat(store.findByUnique("consumers", "username", "alice")).isEmpty();
    }

    @Test
    void upsertCreatesThenReplacesAndMovesUniqueTagAndRefIndexes() {
      ObjectNode s1 = insert("services", service("s1"));
      ObjectNode s2 = insert("services", service("s2"));
      ObjectNode r = route("r1", id(s1));
      r.set("tags", tags("old"));
      store.upsert("routes", r);
      assertThat(store.get("routes", id(r))).contains(r);

      ObjectNode replaced = route("r2", id(s2));
      replaced.put("id", id(r));
      replaced.set("tags", tags("new"));
      store.upsert("routes", replaced);

      assertThat(store.get("routes", id(r))).contains(replaced);
      assertThat(store.findByUnique("routes", "name", "r1")).isEmpty();
      assertThat(store.findByUnique("routes", "name", "r2")).contains(replaced);
      assertThat(store.list("routes", PageQuery.first(10).withForeign("service", id(s1))).data()).isEmpty();
      assertThat(store.list("routes", PageQuery.first(10).withForeign("service", id(s2))).data())
          .containsExactly(replaced);
      assertThat(store.list("routes", PageQuery.first(10).withTags(List.of("old"), false)).data()).isEmpty();
      assertThat(store.list("routes", PageQuery.first(10).withTags(List.of("new"), false)).data())
          .containsExactly(replaced);
      // the old name is free again and deleting s1 is no longer restricted
      insert("routes", route("r1", id(s2)));
      assertThat(store.delete("services", id(s1))).isTrue();
    }

    @Test
    void upsertKeepsOwnUniqueValue() {
      ObjectNode s = insert("services", service("same"));
      ObjectNode again = s.deepCopy().put("host", "other.example");
      assertThat(store.upsert("services", again)).isEqualTo(again);
    }

    @Test
    void deleteReportsWhetherTheRowExistedAndFreesItsUniqueValues() {
      ObjectNode s = insert("services", service("gone"));
      assertThat(store.delete("services", id(s))).isTrue();
      assertThat(store.delete("services", id(s))).isFalse();
      assertThat(store.get("services", id(s))).isEmpty();
      assertThat(store.findByUnique("services", "name", "gone")).isEmpty();
      insert("services", service("gone"));
    }

    @Test
    void unregisteredTableIsAnArgumentError() {
      assertThatThrownBy(() -> store.get("nope", "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nope");
    }

    @Test
    void reRegisteringTheSameSpecIsIdempotent() {
      store.register(ContractTables.SERVICES);
      insert("services", service("still-works"));
    }
  }

  /** Kong's workspaces: ws_id on every entity, unique values and references per workspace. */
  @Nested
  class Workspaces {
    static final String TEAM_A = "5b1f7c9e-0a1b-4c2d-8e3f-000000000a0a";

    private ObjectNode inTeamA(ObjectNode e) {
      return e.put("ws_id", TEAM_A);
    }

    @Test
    void theDefaultWorkspaceIsImplicitAndOthersKeepTheirWsId() {
      ObjectNode plain = insert("services", service("billing"));
      assertThat(plain.has("ws_id")).isFalse();
      ObjectNode stamped = insert("services", service("stamped").put("ws_id", io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID));
      assertThat(stamped.has("ws_id")).as("the default workspace is never written out").isFalse();
      ObjectNode a = insert("services", inTeamA(service("billing")));
      assertThat(store.get("services", id(a)).orElseThrow().get("ws_id").asText()).isEqualTo(TEAM_A);
    }

    @Test
    void namesAreUniquePerWorkspace() {
      ObjectNode d = insert("services", service("billing"));
      ObjectNode a = insert("services", inTeamA(service("billing")));
      kongError(() -> insert("services", inTeamA(service("billing"))), ErrorCode.UNIQUE_VIOLATION);
      assertThat(store.findByUnique("services", "name", "billing")).contains(d);
      assertThat(store.findByUnique(TEAM_A, "services", "name", "billing")).contains(a);
      assertThat(store.findByUnique(TEAM_A, "services", "id", id(d))).isEmpty();
      store.delete("services", id(a));
      assertThat(store.findByUnique(TEAM_A, "services", "name", "billing")).isEmpty();
      assertThat(store.findByUnique("services", "name", "billing")).contains(d);
    }

    @Test
    void aReferenceToAnotherWorkspaceIsAMissingParent() {
      ObjectNode d = insert("services", service("billing"));
      kongError(() -> insert("routes", inTeamA(route("r", id(d)))), ErrorCode.FOREIGN_KEY_VIOLATION);
      ObjectNode a = insert("services", inTeamA(service("billing")));
      ObjectNode r = insert("routes", inTeamA(route("r", id(a))));
      assertThat(store.get("routes", id(r))).contains(r);
    }

    @Test
    void aRowNeverMovesToAnotherWorkspace() {
      ObjectNode d = insert("services", service("billing"));
      kongError(() -> store.upsert("services", inTeamA(d.deepCopy())), ErrorCode.PRIMARY_KEY_VIOLATION);
      assertThat(store.get("services", id(d))).contains(d);
    }

    @Test
    void listingFiltersByWorkspaceOrShowsAll() {
      ObjectNode d = insert("services", service("billing"));
      ObjectNode a = insert("services", inTeamA(service("billing")));
      assertThat(store.list("services", PageQuery.first(10).inWorkspace(TEAM_A)).data()).containsExactly(a);
      assertThat(store.list("services", PageQuery.first(10).inWorkspace(io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID)).data())
          .containsExactly(d);
      assertThat(store.list("services", PageQuery.first(10)).data()).containsExactlyInAnyOrder(d, a);
      assertThat(store.workspacesOf("services")).containsExactlyInAnyOrder(io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID, TEAM_A);
      assertThat(store.workspacesOf("routes")).isEmpty();
      assertThat(store.snapshot().tables().get("services")).containsExactlyInAnyOrder(d, a);
    }
  }

  @Nested
  class Errors {
    // Kong: primary key violation (code 3) on insert with an existing id
    @Test
    void insertWithExistingIdIsCode3() {
      ObjectNode s = insert("services", service("a"));
      ObjectNode dup = service("b").put("id", id(s));
      KongException e = kongError(() -> insert("services", dup), ErrorCode.PRIMARY_KEY_VIOLATION);
      assertThat(e.getMessage()).isEqualTo("primary key violation on key '{id=\"" + id(s) + "\"}'");
      assertThat(store.findByUnique("services", "name", "b")).isEmpty();
    }

    // Kong: UNIQUE violation detected on '{name="a"}', 409 code 5
    @Test
    void uniqueFieldClashIsCode5WithTheKey() {
      insert("services", service("a"));
      KongException e = kongError(() -> insert("services", service("a")), ErrorCode.UNIQUE_VIOLATION);
      assertThat(e.getMessage()).isEqualTo("UNIQUE violation detected on '{name=\"a\"}'");
      assertThat(e.fields()).isEqualTo(Json.object().put("name", "a"));
    }

    @Test
    void upsertClashingWithAnotherRowIsCode5() {
      insert("consumers", consumer("bob", null));
      ObjectNode alice = insert("consumers", consumer("alice", null));
      ObjectNode renamed = alice.deepCopy().put("username", "bob");
      kongError(() -> store.upsert("consumers", renamed), ErrorCode.UNIQUE_VIOLATION);
      assertThat(store.get("consumers", id(alice))).contains(alice);
    }

    @Test
    void nullUniqueValuesNeverClash() {
      insert("consumers", consumer("a", null));
      insert("consumers", consumer("b", null));
      KongException e = kongError(() -> insert("consumers", consumer("c", "x").put("username", "a")),
          ErrorCode.UNIQUE_VIOLATION);
      assertThat(e.fields()).isEqualTo(Json.object().put("username", "a"));
    }

    // Kong: plugins are unique on (name, route, service, consumer); the error shows the whole tuple
    @Test
    void compositeUniqueClashShowsEveryFieldWithForeignKeysAsIdObjects() {
      ObjectNode s = insert("services", service("s"));
      insert("plugins", plugin("key-auth", id(s), null, null));
      KongException e = kongError(() -> insert("plugins", plugin("key-auth", id(s), null, null)),
          ErrorCode.UNIQUE_VIOLATION);
      ObjectNode expected = Json.object();
      expected.putNull("consumer");
      expected.put("name", "key-auth");
      expected.putNull("route");
      expected.set("service", Json.object().put("id", id(s)));
      assertThat(e.fields()).isEqualTo(expected);
      assertThat(e.getMessage()).isEqualTo(
          "UNIQUE violation detected on '{consumer=null,name=\"key-auth\",route=null,service={id=\"" + id(s) + "\"}}'");
    }

    @Test
    void compositeUniqueAllowsTuplesThatDifferInOneField() {
      ObjectNode s = insert("services", service("s"));
      ObjectNode c = insert("consumers", consumer("c", null));
      insert("plugins", plugin("key-auth", id(s), null, null));
      insert("plugins", plugin("key-auth", id(s), null, id(c)));
      insert("plugins", plugin("key-auth", null, null, null));
      insert("plugins", plugin("cors", id(s), null, null));
      kongError(() -> insert("plugins", plugin("key-auth", null, null, null)), ErrorCode.UNIQUE_VIOLATION);
    }

    @Test
    void targetsAreUniquePerUpstream() {
      ObjectNode u1 = insert("upstreams", upstream("u1"));
      ObjectNode u2 = insert("upstreams", upstream("u2"));
      insert("targets", target(id(u1), "10.0.0.1:80"));
      insert("targets", target(id(u2), "10.0.0.1:80"));
      KongException e = kongError(() -> insert("targets", target(id(u1), "10.0.0.1:80")), ErrorCode.UNIQUE_VIOLATION);
      assertThat(e.getMessage()).isEqualTo(
          "UNIQUE violation detected on '{target=\"10.0.0.1:80\",upstream={id=\"" + id(u1) + "\"}}'");
    }

    // Kong: the foreign key '{id="…"}' does not reference an existing 'services' entity.
    @Test
    void missingParentIsCode4() {
      String ghost = ContractTables.newId();
      KongException e = kongError(() -> insert("routes", route("r", ghost)), ErrorCode.FOREIGN_KEY_VIOLATION);
      assertThat(e.getMessage())
          .isEqualTo("the foreign key '{id=\"" + ghost + "\"}' does not reference an existing 'services' entity.");
      assertThat(e.fields()).isEqualTo(Json.object().set("service", Json.object().put("id", ghost)));
      assertThat(store.list("routes", PageQuery.first(10)).data()).isEmpty();
    }

    @Test
    void failedWriteDoesNotBumpTheVersion() {
      insert("services", service("a"));
      long v = store.version();
      kongError(() -> insert("services", service("a")), ErrorCode.UNIQUE_VIOLATION);
      assertThat(store.version()).isEqualTo(v);
    }
  }

  @Nested
  class Deletes {
    // Kong: deleting a consumer deletes its credentials and consumer-scoped plugins
    @Test
    void cascadesAcrossSeveralLevels() {
      ObjectNode c = insert("consumers", consumer("bob", null));
      ObjectNode other = insert("consumers", consumer("alice", null));
      ObjectNode cred = insert("keyauth_credentials", credential("k1", id(c)));
      ObjectNode n = insert("credential_notes", note(id(cred)));
      ObjectNode p = insert("plugins", plugin("rate-limiting", null, null, id(c)));
      ObjectNode keep = insert("keyauth_credentials", credential("k2", id(other)));

      assertThat(store.delete("consumers", id(c))).isTrue();

      assertThat(store.get("keyauth_credentials", id(cred))).isEmpty();
      assertThat(store.get("credential_notes", id(n))).isEmpty();
      assertThat(store.get("plugins", id(p))).isEmpty();
      assertThat(store.get("keyauth_credentials", id(keep))).contains(keep);
      // the cascaded rows' unique values are free again
      insert("keyauth_credentials", credential("k1", id(other)));
      insert("plugins", plugin("rate-limiting", null, null, id(other)));
    }

    // Kong: deleting an upstream deletes its targets; a service its plugins
    @Test
    void upstreamTakesItsTargetsAndServiceItsPlugins() {
      ObjectNode u = insert("upstreams", upstream("u"));
      ObjectNode t = insert("targets", target(id(u), "a:80"));
      ObjectNode s = insert("services", service("s"));
      ObjectNode p = insert("plugins", plugin("cors", id(s), null, null));
      store.delete("upstreams", id(u));
      store.delete("services", id(s));
      assertThat(store.get("targets", id(t))).isEmpty();
      assertThat(store.get("plugins", id(p))).isEmpty();
    }

    // Kong: an existing 'routes' entity references this 'services' entity (code 4)
    @Test
    void restrictRefusesAndDeletesNothing() {
      ObjectNode s = insert("services", service("s"));
      ObjectNode r = insert("routes", route("r", id(s)));
      ObjectNode p = insert("plugins", plugin("cors", id(s), null, null));
      long v = store.version();

      KongException e = kongError(() -> store.delete("services", id(s)), ErrorCode.FOREIGN_KEY_VIOLATION);

      assertThat(e.getMessage()).isEqualTo("an existing 'routes' entity references this 'services' entity");
      assertThat(e.fields()).isEqualTo(Json.object().put("@referenced_by", "routes"));
      assertThat(store.get("services", id(s))).contains(s);
      assertThat(store.get("routes", id(r))).contains(r);
      assertThat(store.get("plugins", id(p))).contains(p);
      assertThat(store.version()).isEqualTo(v);
    }

    @Test
    void restrictIsSatisfiedOnceTheChildIsGoneInTheSameTransaction() {
      ObjectNode s = insert("services", service("s"));
      ObjectNode r = insert("routes", route("r", id(s)));
      ObjectNode p = insert("plugins", plugin("cors", null, id(r), null));
      store.transaction(tx -> {
        assertThat(tx.delete("routes", id(r))).isTrue();
        return tx.delete("services", id(s));
      });
      assertThat(store.get("services", id(s))).isEmpty();
      assertThat(store.get("plugins", id(p))).isEmpty();
    }

    @Test
    void setNullClearsTheReferenceAndReindexesComposites() {
      ObjectNode s = insert("services", service("s"));
      ObjectNode b = insert("bookmarks", bookmark("home", id(s)));
      store.delete("services", id(s));

      ObjectNode after = store.get("bookmarks", id(b)).orElseThrow();
      assertThat(after.get("service").isNull()).isTrue();
      assertThat(after.get("label").asText()).isEqualTo("home");
      // (label, service=null) is now taken by the cleared row
      kongError(() -> insert("bookmarks", bookmark("home", null)), ErrorCode.UNIQUE_VIOLATION);
      // and the service reference index no longer points at the deleted parent
      ObjectNode s2 = service("s").put("id", id(s));
      insert("services", s2);
      assertThat(store.list("bookmarks", PageQuery.first(10).withForeign("service", id(s))).data()).isEmpty();
    }
  }

  @Nested
  class Transactions {
    @Test
    void workThatThrowsLeavesNothingBehind() {
      RuntimeException boom = new RuntimeException("boom");
      assertThatThrownBy(() -> store.transaction(tx -> {
        tx.insert("services", service("a"));
        throw boom;
      })).isSameAs(boom);
      assertThat(store.findByUnique("services", "name", "a")).isEmpty();
      assertThat(store.version()).isZero();
    }

    @Test
    void aFailedOperationIsUndoneAloneAndTheTransactionGoesOn() {
      ObjectNode s = insert("services", service("s"));
      insert("routes", route("r", id(s)));
      ObjectNode p = insert("plugins", plugin("cors", id(s), null, null));
      store.transaction(tx -> {
        kongError(() -> tx.delete("services", id(s)), ErrorCode.FOREIGN_KEY_VIOLATION);
        return tx.insert("services", service("t"));
      });
      assertThat(store.get("plugins", id(p))).contains(p);
      assertThat(store.findByUnique("services", "name", "t")).isPresent();
    }

    @Test
    void writesInsideATransactionAreVisibleToIt() {
      store.transaction(tx -> {
        ObjectNode s = tx.insert("services", service("s"));
        assertThat(tx.get("services", id(s))).contains(s);
        assertThat(tx.findByUnique("services", "name", "s")).contains(s);
        return tx.insert("routes", route("r", id(s)));
      });
    }

    @Test
    void transactionsDoNotNest() {
      assertThatThrownBy(() -> store.transaction(tx -> store.insert("services", service("x"))))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.findByUnique("services", "name", "x")).isEmpty();
    }

    @Test
    void aLeakedTransactionCannotBeUsedAfterItsEnd() {
      StoreTransaction leaked = store.transaction(tx -> tx);
      assertThatThrownBy(() -> leaked.insert("services", service("late"))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Listing {
    private List<ObjectNode> services(int n, Function<Integer, String[]> tagsOf) {
      List<ObjectNode> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(insert("services", service("svc-" + i, tagsOf.apply(i))));
      }
      all.sort((a, b) -> id(a).compareTo(id(b)));
      return all;
    }

    private List<ObjectNode> readAll(String table, PageQuery first, int expectedPages) {
      List<ObjectNode> seen = new ArrayList<>();
      PageQuery q = first;
      int pages = 0;
      while (true) {
        Page page = store.list(table, q);
        pages++;
        seen.addAll(page.data());
        if (page.offset() == null) {
          break;
        }
        assertThat(page.data()).hasSize(q.size());
        q = q.withOffset(page.offset());
      }
      assertThat(pages).isEqualTo(expectedPages);
      return seen;
    }

    // Kong (Postgres): pages are in primary-key order; offset absent on the last page
    @Test
    void pagesCoverEveryRowOnceInPrimaryKeyOrder() {
      List<ObjectNode> all = services(23, i -> new String[0]);
      assertThat(readAll("services", PageQuery.first(5), 5)).containsExactlyElementsOf(all);
    }

    @Test
    void anExactMultipleOfThePageSizeEndsWithoutAnEmptyPage() {
      List<ObjectNode> all = services(20, i -> new String[0]);
      assertThat(readAll("services", PageQuery.first(10), 2)).containsExactlyElementsOf(all);
      assertThat(store.list("services", PageQuery.first(1000)).offset()).isNull();
    }

    @Test
    void emptyTableIsOneEmptyPage() {
      Page p = store.list("services", PageQuery.first(10));
      assertThat(p.data()).isEmpty();
      assertThat(p.offset()).isNull();
    }

    // Kong: offset = unpadded base64 of the JSON array of the last primary key
    @Test
    void offsetIsKongsPostgresToken() {
      List<ObjectNode> all = services(3, i -> new String[0]);
      Page p = store.list("services", PageQuery.first(2));
      String json = new String(Base64.getDecoder().decode(p.offset()), StandardCharsets.UTF_8);
      assertThat(json).isEqualTo("[\"" + id(all.get(1)) + "\"]");
      assertThat(p.offset()).doesNotEndWith("=");
    }

    // Kong: 'xyz' is not a valid offset: bad base64 encoding (code 7)
    @Test
    void badOffsetsAreCode7WithAReason() {
      KongException e = kongError(() -> store.list("services", PageQuery.first(10).withOffset("%%%")),
          ErrorCode.INVALID_OFFSET);
      assertThat(e.getMessage()).isEqualTo("'%%%' is not a valid offset: bad base64 encoding");
      String notJson = Base64.getEncoder().withoutPadding().encodeToString("not json".getBytes(StandardCharsets.UTF_8));
      KongException e2 = kongError(() -> store.list("services", PageQuery.first(10).withOffset(notJson)),
          ErrorCode.INVALID_OFFSET);
      assertThat(e2.getMessage()).isEqualTo("'" + notJson + "' is not a valid offset: bad json encoding");
      String wrongShape = Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      kongError(() -> store.list("services", PageQuery.first(10).withOffset(wrongShape)), ErrorCode.INVALID_OFFSET);
      kongError(() -> store.listTags(PageQuery.first(10).withOffset("%%%"), null), ErrorCode.INVALID_OFFSET);
    }

    // Kong: ?tags=a,b is AND, ?tags=a/b is OR
    @Test
    void tagFiltersAllAndAny() {
      ObjectNode ab = insert("services", service("ab", "a", "b"));
      ObjectNode a = insert("services", service("a", "a"));
      ObjectNode bc = insert("services", service("bc", "b", "c"));
      insert("services", service("none"));
      assertThat(store.list("services", PageQuery.first(10).withTags(List.of("a", "b"), false)).data())
          .containsExactly(ab);
      assertThat(store.list("services", PageQuery.first(10).withTags(List.of("a", "c"), true)).data())
          .containsExactlyInAnyOrder(ab, a, bc);
      assertThat(store.list("services", PageQuery.first(10).withTags(List.of("b"), false)).data())
          .containsExactlyInAnyOrder(ab, bc);
      assertThat(store.list("services", PageQuery.first(10).withTags(List.of("zzz"), true)).data()).isEmpty();
    }

    @Test
    void tagFilterPaginates() {
      List<ObjectNode> all = services(30, i -> i % 3 == 0 ? new String[] {"blue"} : new String[] {"red"});
      List<ObjectNode> blue = all.stream().filter(s -> s.get("tags").get(0).asText().equals("blue")).toList();
      assertThat(readAll("services", PageQuery.first(3).withTags(List.of("blue"), false), 4))
          .containsExactlyElementsOf(blue);
    }

    // Kong: /services/{s}/routes
    @Test
    void foreignFilterPaginates() {
      ObjectNode s1 = insert("services", service("s1"));
      ObjectNode s2 = insert("services", service("s2"));
      List<ObjectNode> mine = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        mine.add(insert("routes", route("mine-" + i, id(s1))));
        insert("routes", route("theirs-" + i, id(s2)));
      }
      mine.sort((a, b) -> id(a).compareTo(id(b)));
      assertThat(readAll("routes", PageQuery.first(3).withForeign("service", id(s1)), 3))
          .containsExactlyElementsOf(mine);
    }

    // Kong: /consumers?custom_id=
    @Test
    void equalsFilterOnUniqueAndPlainFields() {
      ObjectNode c = insert("consumers", consumer("bob", "c-1"));
      insert("consumers", consumer("alice", "c-2"));
      assertThat(store.list("consumers", PageQuery.first(10).withEquals("custom_id", "c-1")).data())
          .containsExactly(c);
      List<ObjectNode> all = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ObjectNode s = service("h-" + i).put("host", i % 2 == 0 ? "even.example" : "odd.example");
        all.add(insert("services", s));
      }
      List<ObjectNode> even = all.stream().filter(s -> s.get("host").asText().startsWith("even"))
          .sorted((a, b) -> id(a).compareTo(id(b))).toList();
      assertThat(readAll("services", PageQuery.first(4).withEquals("host", "even.example"), 2))
          .containsExactlyElementsOf(even);
    }

    // Kong: GET /tags and /tags/{tag}
    @Test
    void tagsListingCoversEveryTagRowOnce() {
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 9; i++) {
        ObjectNode s = insert("services", service("t-" + i, "x", "y" + (i % 2)));
        expected.add("services/" + id(s) + "/x");
        expected.add("services/" + id(s) + "/y" + (i % 2));
      }
      ObjectNode c = consumer("tagged", null);
      c.set("tags", tags("x"));
      insert("consumers", c);
      expected.add("consumers/" + id(c) + "/x");

      List<String> seen = new ArrayList<>();
      PageQuery q = PageQuery.first(4);
      int pages = 0;
      while (true) {
        Page p = store.listTags(q, null);
        pages++;
        p.data().forEach(row -> {
          assertThat(row.fieldNames()).toIterable().containsExactlyInAnyOrder("entity_name", "entity_id", "tag");
          seen.add(row.get("entity_name").asText() + "/" + row.get("entity_id").asText() + "/" + row.get("tag").asText());
        });
        if (p.offset() == null) {
          break;
        }
        q = q.withOffset(p.offset());
      }
      assertThat(pages).isEqualTo(5); // 19 rows, 4 a page
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);

      Page xs = store.listTags(PageQuery.first(100), "x");
      assertThat(xs.data()).hasSize(10).allSatisfy(row -> assertThat(row.get("tag").asText()).isEqualTo("x"));
      assertThat(xs.offset()).isNull();
    }
  }

  @Nested
  class Ttl {
    // Kong: credentials written with ttl disappear when it runs out; reads show the seconds left
    @Test
    void expiredRowsAreInvisibleEverywhereAndPurgedOnTheNextWrite() {
      ObjectNode c = insert("consumers", consumer("bob", null));
      ObjectNode cred = credential("temp-key", id(c)).put("ttl", 10);
      cred.set("tags", tags("temp"));
      ObjectNode written = insert("keyauth_credentials", cred);
      assertThat(written.get("ttl").asLong()).isEqualTo(10);
      ObjectNode forever = insert("keyauth_credentials", credential("forever", id(c)));
      assertThat(forever.has("ttl")).isFalse();

      clock.advance(Duration.ofMillis(4_500));
      assertThat(store.get("keyauth_credentials", id(cred)).orElseThrow().get("ttl").asLong()).isEqualTo(5);

      clock.advance(Duration.ofMillis(5_500));
      assertThat(store.get("keyauth_credentials", id(cred))).isEmpty();
      assertThat(store.findByUnique("keyauth_credentials", "key", "temp-key")).isEmpty();
      assertThat(store.list("keyauth_credentials", PageQuery.first(10)).data()).containsExactly(forever);
      assertThat(store.list("keyauth_credentials", PageQuery.first(10).withForeign("consumer", id(c))).data())
          .containsExactly(forever);
      assertThat(store.listTags(PageQuery.first(10), "temp").data()).isEmpty();
      assertThat(store.snapshot().tables().get("keyauth_credentials")).containsExactly(forever);
      assertThat(store.delete("keyauth_credentials", id(cred))).isFalse();

      // its id and key are free again
      ObjectNode again = credential("temp-key", id(c)).put("id", id(cred));
      assertThat(insert("keyauth_credentials", again)).isEqualTo(again);
    }

    @Test
    void ttlIsIgnoredForTablesWithoutIt() {
      ObjectNode s = service("s").put("ttl", 5);
      insert("services", s);
      clock.advance(Duration.ofSeconds(60));
      assertThat(store.get("services", id(s))).contains(s);
    }

    @Test
    void expiredParentDoesNotSatisfyAReference() {
      ObjectNode c = insert("consumers", consumer("bob", null));
      ObjectNode cred = insert("keyauth_credentials", credential("k", id(c)).put("ttl", 1));
      clock.advance(Duration.ofSeconds(2));
      kongError(() -> insert("credential_notes", note(id(cred))), ErrorCode.FOREIGN_KEY_VIOLATION);
    }
  }

  @Nested
  class Versions {
    @Test
    void startsAtZeroAndBumpsOncePerWriteTransaction() {
      assertThat(store.version()).isZero();
      insert("services", service("a"));
      assertThat(store.version()).isEqualTo(1);
      store.transaction(tx -> {
        tx.insert("services", service("b"));
        tx.insert("services", service("c"));
        return tx.delete("services", id(tx.findByUnique("services", "name", "a").orElseThrow()));
      });
      assertThat(store.version()).isEqualTo(2);
      store.transaction(tx -> tx.get("services", "nothing"));
      assertThat(store.delete("services", ContractTables.newId())).isFalse();
      assertThat(store.version()).isEqualTo(2);
    }

    @Test
    void listenersHearEachCommittedVersionAndCanReadIt() {
      List<Long> heard = new CopyOnWriteArrayList<>();
      List<Boolean> visible = new CopyOnWriteArrayList<>();
      ObjectNode s = service("seen");
      store.onChange(v -> {
        heard.add(v);
        visible.add(store.findByUnique("services", "name", "seen").isPresent());
      });
      insert("services", s);
      store.delete("services", id(s));
      kongError(() -> insert("routes", route("r", ContractTables.newId())), ErrorCode.FOREIGN_KEY_VIOLATION);
      assertThat(heard).containsExactly(1L, 2L);
      assertThat(visible).containsExactly(true, false);
    }

    @Test
    void snapshotHoldsEveryRegisteredTableAndItsVersion() {
      ObjectNode s = insert("services", service("s"));
      ObjectNode r = insert("routes", route("r", id(s)));
      ConfigStore.StoreSnapshot snap = store.snapshot();
      assertThat(snap.version()).isEqualTo(2);
      assertThat(snap.tables()).containsOnlyKeys(ContractTables.ALL.stream().map(t -> t.name()).toList());
      assertThat(snap.tables().get("services")).containsExactly(s);
      assertThat(snap.tables().get("routes")).containsExactly(r);
      assertThat(snap.tables().get("plugins")).isEmpty();
    }

    // writers insert a service and its route in one transaction; a snapshot never sees half of one
    @Test
    void snapshotsAreConsistentUnderConcurrentWrites() throws Exception {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> writer = pool.submit(() -> {
          for (int i = 0; i < 60 && !stop.get(); i++) {
            int n = i;
            store.transaction(tx -> {
              ObjectNode s = tx.insert("services", service("pair-" + n));
              return tx.insert("routes", route("pair-" + n, id(s)));
            });
          }
        });
        int checked = 0;
        while (!writer.isDone() || checked == 0) {
          ConfigStore.StoreSnapshot snap = store.snapshot();
          int services = snap.tables().get("services").size();
          assertThat(snap.tables().get("routes")).hasSize(services);
          assertThat(snap.version()).isEqualTo(services);
          checked++;
        }
        writer.get(30, TimeUnit.SECONDS);
      } finally {
        stop.set(true);
        pool.shutdownNow();
      }
      assertThat(store.snapshot().tables().get("routes")).hasSize(60);
    }
  }

  @Nested
  class Concurrency {
    // several threads write, some clashing on purpose: each write succeeds or fails with code 5
    @Test
    void concurrentWritersSucceedOrFailCleanly() throws Exception {
      int threads = 6;
      int perThread = 25;
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger clashes = new AtomicInteger();
      List<Long> heard = new CopyOnWriteArrayList<>();
      store.onChange(heard::add);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < perThread; i++) {
              // names repeat across threads every other write, so about half the writes clash
              String name = i % 2 == 0 ? "shared-" + i : "own-" + thread + "-" + i;
              try {
                ObjectNode s = store.insert("services", service(name));
                store.insert("plugins", plugin("cors", id(s), null, null));
                ok.incrementAndGet();
              } catch (KongException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.UNIQUE_VIOLATION);
                clashes.incrementAndGet();
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      int expectedOk = threads * (perThread / 2) + (perThread + 1) / 2; // own names + one winner per shared
      assertThat(ok.get()).isEqualTo(expectedOk);
      assertThat(ok.get() + clashes.get()).isEqualTo(threads * perThread);
      ConfigStore.StoreSnapshot snap = store.snapshot();
      assertThat(snap.tables().get("services")).hasSize(ok.get());
      assertThat(snap.tables().get("plugins")).hasSize(ok.get());
      assertThat(snap.version()).isEqualTo(2L * ok.get());
      assertThat(heard).isSorted().doesNotHaveDuplicates().contains(snap.version());
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void reachableUntilClosed() {
      assertThat(store.isReachable()).isTrue();
      store.close();
      assertThat(store.isReachable()).isFalse();
      store.close(); // idempotent
    }
  }
}
