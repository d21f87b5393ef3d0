package io.gatehouse.admin;

/**
 * The node's running log level, by Kong's names ({@code debug, info, notice, warn, error, crit,
 * alert, emerg}), for {@code /debug/node/log-level}. The app implements it over Logback.
 */
public interface LogLevelControl {
  /** The current level's Kong name. */
  String current();

  /**
   * Switches to {@code kongLevel} (a valid Kong name) for {@code timeoutSeconds}, after which the
   * configured {@code log_level} returns; 0 keeps the level until the next change.
   */
  void set(String kongLevel, long timeoutSeconds);

  /**
   * As {@link #set}, then tells every other node of the cluster to do the same with the same timeout
   * (counted from when each hears it), as Kong's {@code log_level} cluster event. A node alone only
   * sets its own.
   *
   * @throws RuntimeException when the other nodes cannot be told (this node's level is set already)
   */
  default void setInCluster(String kongLevel, long timeoutSeconds) {
    set(kongLevel, timeoutSeconds);
  }
}
