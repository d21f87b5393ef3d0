package io.gatehouse.store.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The database side of the audit log: while an audited Admin API write runs (on its own thread,
 * {@link #during}), every configuration row a store transaction creates, updates or deletes is
 * turned into an {@link AuditObject} by the current {@link Scope} and stored in
 * {@code audit_objects} in the same transaction. Rows the store writes outside a scope (TTL expiry,
 * DB-less loads, the node's own bookkeeping) are not audited, as in Kong.
 */
public final class ObjectAudit {
  private static final ThreadLocal<@Nullable Scope> CURRENT = new ThreadLocal<>();

  private ObjectAudit() {}

  /** What a store transaction did to a row. */
  public enum Operation {
    CREATE, UPDATE, DELETE;

    /** Kong's spelling: {@code create}, {@code update}, {@code delete}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Makes the records of one audited write. */
  public interface Scope {
    /**
     * The record of one changed row, or null to leave it out ({@code audit_log_ignore_tables}).
     *
     * @param entity the row as stored (for a delete, as it was); the callee must not keep it
     */
    @Nullable AuditObject record(String table, String id, String wsId, Operation operation, ObjectNode entity);
  }

  /** Runs {@code work} with {@code scope} current on this thread (scopes do not nest). */
  public static <T> T during(Scope scope, Supplier<T> work) {
    Objects.requireNonNull(scope, "scope");
    Scope outer = CURRENT.get();
    CURRENT.set(scope);
    try {
      return work.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /** The scope of the write running on this thread, if any. */
  public static @Nullable Scope current() {
    return CURRENT.get();
  }
}
