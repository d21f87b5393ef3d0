package io.gatehouse.admin.portal;

import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.portal.PortalStore;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where a workspace's portal writes: each operation that changes Kong entities (consumers, keys,
 * guards, grants) is one store transaction that also holds the portal rows it changes, so both
 * commit or neither does and the proxy switches in one snapshot. Reads outside an operation go to
 * the committed rows ({@link #rows()}, {@link #entities()}).
 */
final class PortalTransactions {
  /** One operation's writes: the portal rows and the entities, in the same store transaction. */
  record Tx(PortalStore rows, StoreTransaction entities) {}

  private final PortalStore rows;
  private final ConfigStore entities;
  private final UnaryOperator<StoreTransaction> scope;

  /**
   * @param rows the workspace's portal rows
   * @param entities the workspace's entities
   * @param scope a transaction of the node's store as {@code entities} sees it (its workspace)
   */
  PortalTransactions(PortalStore rows, ConfigStore entities, UnaryOperator<StoreTransaction> scope) {
    this.rows = rows;
    this.entities = entities;
    this.scope = scope;
  }

  /** The committed portal rows. */
  PortalStore rows() {
    return rows;
  }

  /** The committed entities. */
  ConfigStore entities() {
    return entities;
  }

  /** Runs {@code work} in a new store transaction. */
  <T> T run(Function<Tx, T> work) {
    return entities.transaction(tx -> work.apply(new Tx(rows.within(tx), tx)));
  }

  /** Runs {@code work} in a transaction of the node's store that is already open (a declarative import's). */
  <T> T join(StoreTransaction storeTx, Function<Tx, T> work) {
    StoreTransaction tx = scope.apply(storeTx);
    return work.apply(new Tx(rows.within(tx), tx));
  }
}
