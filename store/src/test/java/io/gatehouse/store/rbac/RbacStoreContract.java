package io.gatehouse.store.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.audit.AuditRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every database's RBAC tables and audit log do (SQLite and PostgreSQL run the same migration). */
abstract class RbacStoreContract {
  static final String WS = Workspaces.DEFAULT_ID;
  final AtomicLong seconds = new AtomicLong(1_700_000_000L);
  RbacStore rbac;
  AuditLog audit;

  abstract RbacStore openRbac();

  abstract AuditLog openAudit();

  @BeforeEach
  void open() {
    rbac = openRbac();
    audit = openAudit();
  }

  @AfterEach
  void close() {
    rbac.close();
    audit.close();
  }

  private static RbacUser user(String id, String name, String ident) {
    return new RbacUser(id, WS, name, "hash-" + id, ident, null, true, 1, 1);
  }

  private static RbacRole role(String id, String name) {
    return new RbacRole(id, WS, name, "c", false, 1, 1);
  }

  @Test
  void users_are_found_by_id_name_and_token_ident_and_names_are_unique_per_workspace() {
    rbac.users().insert(user("u1", "alice", "aaaa0001"));
    assertThat(rbac.users().find(WS, "u1")).map(RbacUser::name).contains("alice");
    assertThat(rbac.users().find(WS, "alice")).map(RbacUser::id).contains("u1");
    assertThat(rbac.users().find("other-ws", "alice")).isEmpty();
    assertThat(rbac.users().byTokenIdent("aaaa0001")).extracting(RbacUser::id).containsExactly("u1");
    assertThatThrownBy(() -> rbac.users().insert(user("u2", "alice", "bbbb0002")))
        .isInstanceOfSatisfying(KongException.class, e -> assertThat(e.getMessage()).contains("name=\"alice\""));
    rbac.users().replace(new RbacUser("u1", WS, "alice2", "h2", "cccc0003", "x", false, 1, 2));
    RbacUser changed = rbac.users().find(WS, "u1").orElseThrow();
    assertThat(changed.name()).isEqualTo("alice2");
    assertThat(changed.enabled()).isFalse();
    assertThat(changed.comment()).isEqualTo("x");
  }

  @Test
  void a_password_hash_is_set_replaced_removed_and_goes_with_its_user() {
    rbac.users().insert(user("u1", "carol", "aaaa0001"));
    assertThat(rbac.users().passwordHash("u1")).isEmpty();
    rbac.users().passwordHash("u1", "$argon2id$first", 1);
    rbac.users().passwordHash("u1", "$argon2id$second", 2);
    assertThat(rbac.users().passwordHash("u1")).contains("$argon2id$second");
    rbac.users().passwordHash("u1", null, 3);
    assertThat(rbac.users().passwordHash("u1")).isEmpty();
    rbac.users().passwordHash("u1", "$argon2id$third", 4);
    rbac.users().delete("u1");
    rbac.users().insert(user("u1", "carol", "aaaa0001"));
    assertThat(rbac.users().passwordHash("u1")).as("a new user of the same id has none").isEmpty();
  }

  @Test
  void deleting_a_role_takes_its_permissions_and_assignments_with_it() {
    rbac.users().insert(user("u1", "bob", "aaaa0001"));
    rbac.roles().insert(role("r1", "ops"));
    rbac.users().addRole("u1", "r1");
    rbac.users().addRole("u1", "r1"); // twice is a no-op
    rbac.permissions().insertEndpoint(new EndpointPermission("r1", "default", "/services", Action.ALL, false, null, 1, 1));
    rbac.permissions().insertEntity(new EntityPermission("r1", "e1", "services", Action.READ.bit(), true, null, 1, 1));
    assertThat(rbac.users().roles("u1")).extracting(RbacRole::name).containsExactly("ops");
    assertThatThrownBy(() -> rbac.permissions().insertEndpoint(
        new EndpointPermission("r1", "default", "/services", 1, false, null, 1, 1))).isInstanceOf(KongException.class);
    assertThat(rbac.permissions().endpoints(List.of("r1"))).singleElement()
        .satisfies(p -> assertThat(p.actions()).isEqualTo(Action.ALL));
    assertThat(rbac.permissions().entities(List.of("r1"))).singleElement()
        .satisfies(p -> assertThat(p.negative()).isTrue());

    assertThat(rbac.roles().delete("r1")).isTrue();
    assertThat(rbac.users().roles("u1")).isEmpty();
    assertThat(rbac.permissions().endpoints(List.of("r1"))).isEmpty();
    assertThat(rbac.permissions().entities(List.of("r1"))).isEmpty();
  }

  @Test
  void a_role_inserted_if_absent_keeps_the_first_one() {
    EndpointPermission all = new EndpointPermission("r1", "*", "*", Action.ALL, false, null, 1, 1);
    assertThat(rbac.roles().insertIfAbsent(role("r1", "super-admin"), List.of(all),
        List.of(new EntityPermission("r1", "*", "wildcard", Action.ALL, false, null, 1, 1)))).isTrue();
    assertThat(rbac.roles().insertIfAbsent(role("r2", "super-admin"), List.of(
        new EndpointPermission("r2", "*", "*", 1, false, null, 1, 1)), List.of())).isFalse();
    assertThat(rbac.roles().find(WS, "super-admin")).map(RbacRole::id).contains("r1");
    assertThat(rbac.permissions().endpoints(List.of("r2"))).isEmpty();
    assertThat(rbac.permissions().entities(List.of("r1"))).extracting(EntityPermission::entityId).containsExactly("*");
  }

  @Test
  void audit_pages_newest_first_and_forgets_expired_rows() {
    for (int i = 0; i < 5; i++) {
      audit.append(new AuditRecord("req" + i, WS, "127.0.0.1", "POST", "/services", 201, "u1", "alice",
          seconds.get() + i, null, "d" + i, seconds.get() + 100 + i));
    }
    List<AuditRecord> first = audit.page(null, 3);
    assertThat(first).extracting(AuditRecord::requestId).containsExactly("req4", "req3", "req2");
    AuditRecord last = first.getLast();
    assertThat(audit.page(new AuditLog.Cursor(last.requestTimestamp(), last.requestId()), 3))
        .extracting(AuditRecord::requestId).containsExactly("req1", "req0");
    seconds.addAndGet(101); // req0 and req1 expire (expire <= now)
    assertThat(audit.page(null, 10)).extracting(AuditRecord::requestId).containsExactly("req4", "req3", "req2");
  }

  /** Migration V8: a record's signature is stored and read back with it (null when unsigned). */
  @Test
  void audit_keeps_a_records_signature() {
    audit.append(new AuditRecord("sig1", WS, "127.0.0.1", "POST", "/services", 201, null, null,
        seconds.get(), null, null, seconds.get() + 100).signed("c2lnbmF0dXJl"));
    audit.append(new AuditRecord("sig2", WS, "127.0.0.1", "POST", "/services", 201, null, null,
        seconds.get(), null, null, seconds.get() + 100));
    assertThat(audit.page(null, 10)).filteredOn(r -> r.requestId().startsWith("sig"))
        .extracting(AuditRecord::requestId, AuditRecord::signature)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("sig1", "c2lnbmF0dXJl"),
            org.assertj.core.groups.Tuple.tuple("sig2", null));
  }
}
