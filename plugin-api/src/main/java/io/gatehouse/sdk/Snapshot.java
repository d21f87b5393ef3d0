package io.gatehouse.sdk;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration version, read-only, as a plugin sees it while preparing
 * ({@link PreparedPlugin#prepare(Record, Snapshot)}): build indexes here once, so requests only
 * read what the plugin kept. Do not keep the snapshot's rows beyond what the index needs.
 */
public interface Snapshot {

  /** The store's config version. */
  long version();

  /** When the snapshot was read, in epoch millis ({@link Row#expiresAtMillis} counts from it). */
  long readAtMillis();

  /** The rows of a table: a plugin-owned one ({@code keyauth_credentials}) or a core one ({@code routes}); empty when none. */
  List<Row> rows(String table);

  /** A consumer by id. */
  Optional<Consumer> consumerById(String id);

  /**
   * A consumer by id or, failing that, by username: the lookup Kong uses for an auth plugin's
   * {@code anonymous} setting.
   */
  Optional<Consumer> consumer(String idOrUsername);

  /**
   * As {@link #consumer(String)}, among the consumers of the matched route's workspace only (the
   * default workspace's without a route): Kong Enterprise finds an auth plugin's {@code anonymous}
   * consumer in the request's workspace, so the same username may name a consumer in each.
   */
  Optional<Consumer> consumer(@org.jspecify.annotations.Nullable Route route, String idOrUsername);

  /**
   * The per-snapshot value of this type, built by {@code build} the first time it is asked for in
   * this snapshot and shared by every instance prepared from it (key-auth's key index): the
   * per-snapshot preparation hook. Build it only from the snapshot.
   */
  <T> T shared(Class<T> type, Function<Snapshot, T> build);
}
