package io.gatehouse.plugins.logqueue;

import io.gatehouse.sdk.LogEntry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The process's queues by key: as in Kong, plugin instances whose sink settings are equal share one
 * queue (and one sender), and a new configuration snapshot with the same settings keeps using it.
 */
public final class LogQueues {
  private static final ConcurrentMap<String, LogQueue> QUEUES = new ConcurrentHashMap<>();

  private LogQueues() {}

  /** Makes the queue for a key when there is none (or the last one ended after idling). */
  @FunctionalInterface
  public interface Factory {
    BatchSender sender();
  }

  /**
   * Adds an entry to the queue for this key, starting the queue (and its sender) when there is
   * none; a queue ends after {@link LogQueue#DEFAULT_IDLE} without entries, closing its sender.
   */
  public static void add(String key, QueueConfig config, Factory factory, LogEntry entry) {
    while (true) {
      LogQueue q = get(key, config, factory);
      if (q.offer(entry)) return;
      QUEUES.remove(key, q); // ended while idle: the next loop starts a fresh one
    }
  }

  /** The live queue for this key, started on first use. */
  public static LogQueue get(String key, QueueConfig config, Factory factory) {
    return QUEUES.computeIfAbsent(key, k -> start(k, config, factory));
  }

  private static LogQueue start(String key, QueueConfig config, Factory factory) {
    LogQueue[] self = new LogQueue[1];
    self[0] = new LogQueue(key, config, factory.sender(), LogQueue.DEFAULT_IDLE, () -> QUEUES.remove(key, self[0]));
    return self[0];
  }

  /** The queue for this key if one exists. */
  public static @Nullable LogQueue find(String key) {
    return QUEUES.get(key);
  }
}
