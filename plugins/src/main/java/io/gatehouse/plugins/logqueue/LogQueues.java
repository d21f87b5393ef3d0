package io.gatehouse.plugins.logqueue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The process's queues by key: as in Kong, plugin instances whose sink settings are equal share one
 * queue (and one sender), and a new configuration snapshot with the same settings keeps using it.
 */
public final class LogQueues {
  private static final ConcurrentMap<String, LogQueue> QUEUES = new ConcurrentHashMap<>();

  private LogQueues() {}

  /** The queue for this key, created on first use. */
  public static LogQueue get(String key, Supplier<LogQueue> create) {
    return QUEUES.computeIfAbsent(key, k -> create.get());
  }

  /** The queue for this key if one exists. */
  public static @Nullable LogQueue find(String key) {
    return QUEUES.get(key);
  }
}
