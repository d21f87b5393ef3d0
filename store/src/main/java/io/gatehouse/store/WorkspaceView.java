package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One workspace's part of a store, as Kong's DAO sees it under {@code /{workspace}/…}: reads find
 * only that workspace's rows (an id of another workspace is as absent as an unknown one), writes put
 * the rows in it, and {@code ws_id} never shows (Kong hides it from the Admin API). Unique values and
 * references are per workspace in the store underneath. {@link #snapshot()} is the whole store.
 */
public final class WorkspaceView implements ConfigStore {
  private final ConfigStore base;
  private final String wsId;

  public WorkspaceView(ConfigStore base, String wsId) {
    this.base = Objects.requireNonNull(base, "base");
    this.wsId = Objects.requireNonNull(wsId, "wsId");
  }

  /** The workspace id this view reads and writes. */
  public String workspaceId() {
    return wsId;
  }

  @Override
  public void register(io.gatehouse.core.schema.TableSpec table) {
    base.register(table);
  }

  @Override
  public <T> T transaction(StoreTransaction.Work<T> work) {
    return base.transaction(tx -> work.run(scope(tx)));
  }

  /** A transaction of the base store (one already open) seen through this view. */
  public StoreTransaction scope(StoreTransaction tx) {
    return new Scoped(Objects.requireNonNull(tx, "tx"));
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    return mine(base.get(table, id));
  }

  @Override
  public Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value) {
    return mine(base.findByUnique(wsId, table, field, value));
  }

  @Override
  public Page list(String table, PageQuery query) {
    return hide(base.list(table, query.inWorkspace(wsId)));
  }

  @Override
  public Page listTags(PageQuery query, @Nullable String tag) {
    return base.listTags(query.inWorkspace(wsId), tag);
  }

  @Override
  public java.util.Set<String> workspacesOf(String table) {
    return base.workspacesOf(table);
  }

  @Override
  public StoreSnapshot snapshot() {
    return base.snapshot();
  }

  @Override
  public long version() {
    return base.version();
  }

  @Override
  public void onChange(LongConsumer listener) {
    base.onChange(listener);
  }

  @Override
  public boolean isReachable() {
    return base.isReachable();
  }

  /** The base store stays open: a view owns nothing. */
  @Override
  public void close() {}

  private Optional<ObjectNode> mine(Optional<ObjectNode> row) {
    return row.filter(e -> EntityWorkspace.of(e).equals(wsId)).map(WorkspaceView::hide);
  }

  private static ObjectNode hide(ObjectNode e) {
    e.remove(EntityWorkspace.FIELD);
    return e;
  }

  private static Page hide(Page page) {
    page.data().forEach(WorkspaceView::hide);
    return page;
  }

  /** A transaction seen through the view. */
  private final class Scoped implements StoreTransaction {
    private final StoreTransaction tx;

    Scoped(StoreTransaction tx) {
      this.tx = tx;
    }

    @Override
    public ObjectNode insert(String table, ObjectNode entity) {
      return hide(tx.insert(table, EntityWorkspace.stamp(entity.deepCopy(), wsId)));
    }

    @Override
    public ObjectNode upsert(String table, ObjectNode entity) {
      return hide(tx.upsert(table, EntityWorkspace.stamp(entity.deepCopy(), wsId)));
    }

    @Override
    public boolean delete(String table, String id) {
      return get(table, id).isPresent() && tx.delete(table, id);
    }

    @Override
    public <T> T sideTables(SideWork<T> work) throws java.sql.SQLException {
      return tx.sideTables(work);
    }

    @Override
    public Optional<ObjectNode> get(String table, String id) {
      return mine(tx.get(table, id));
    }

    @Override
    public Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value) {
      return mine(tx.findByUnique(wsId, table, field, value));
    }

    @Override
    public Page list(String table, PageQuery query) {
      return hide(tx.list(table, query.inWorkspace(wsId)));
    }
  }
}
