package io.gatehouse.plugins.logqueue;

import io.gatehouse.sdk.LogEntry;
import java.util.List;

/** Delivers one batch of log entries to a sink; runs on the queue's own thread and may block. */
@FunctionalInterface
public interface BatchSender {

  /**
   * @throws Exception when the batch did not arrive; the queue retries it within
   *     {@code max_retry_time}
   */
  void send(List<LogEntry> batch) throws Exception;

  /** Releases what the sender holds open (a file, a socket); called on the queue's thread when it ends. */
  default void close() {}
}
