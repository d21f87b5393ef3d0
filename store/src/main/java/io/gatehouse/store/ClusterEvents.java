package io.gatehouse.store;

import java.util.function.Consumer;

/**
 * Kong's cluster events ({@code kong.cluster_events}): a node broadcasts a short text on a channel
 * and every other node of the cluster hears it (the sender does not). Delivery is at most once per
 * node and only to nodes running when the event is sent; order follows the broadcasts.
 */
public interface ClusterEvents {
  /** A node alone (the embedded store, DB-less): a broadcast reaches nobody. */
  ClusterEvents NONE = new ClusterEvents() {
    @Override
    public void broadcast(String channel, String data) {}

    @Override
    public void subscribe(String channel, Consumer<String> handler) {}
  };

  /**
   * Sends {@code data} on {@code channel} to the other nodes.
   *
   * @throws io.gatehouse.core.error.KongException code 8 when the database cannot take it
   */
  void broadcast(String channel, String data);

  /** Calls {@code handler} with the data of each event other nodes broadcast on {@code channel} from now on. */
  void subscribe(String channel, Consumer<String> handler);
}
