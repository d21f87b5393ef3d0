package io.gatehouse.store;

import java.util.List;

/**
 * The schema migrations of one database, for Kong's {@code migrations} commands: what ran, what is
 * new, apply, reset. Opening a store applies pending migrations itself; this is the explicit form.
 */
public interface SchemaMigrations extends AutoCloseable {

  /**
   * @param executed the applied migrations, oldest first
   * @param pending the migrations this build has that the database has not run
   */
  record State(List<String> executed, List<String> pending) {
    public State {
      executed = List.copyOf(executed);
      pending = List.copyOf(pending);
    }

    /** Kong's {@code needs_bootstrap}: nothing ever ran here. */
    public boolean needsBootstrap() {
      return executed.isEmpty();
    }
  }

  State state();

  /** Applies pending migrations; returns how many ran. */
  int migrate();

  /** Drops everything Gatehouse keeps in this database (Kong's {@code migrations reset}). */
  void reset();

  @Override
  void close();
}
