package io.gatehouse.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.model.Consumer;
import java.util.List;
import java.util.Optional;

/**
 * The configuration snapshot a handler is built for (see {@link Plugin#handler}): read it once to
 * precompute indexes; the request path then only reads what the handler kept.
 */
public interface PluginSnapshot {

  /** The store's config version of this snapshot. */
  long version();

  /** When the snapshot was read, in epoch millis: rows with a {@code ttl} expire {@code ttl} seconds after this. */
  long readAtMillis();

  /** Rows of any table, plugin-owned ones included ({@code keyauth_credentials}); empty when none. */
  List<ObjectNode> table(String name);

  /** A consumer by id. */
  Optional<Consumer> consumerById(String id);

  /**
   * A consumer by id or, failing that, by username — the lookup Kong uses for an auth plugin's
   * {@code anonymous} setting.
   */
  Optional<Consumer> consumer(String idOrUsername);
}
