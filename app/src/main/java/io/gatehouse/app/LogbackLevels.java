package io.gatehouse.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.gatehouse.admin.LogLevelControl;
import io.gatehouse.app.settings.LogLevel;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Kong's dynamic log level over Logback's root logger: a change lasts {@code timeout} seconds, then
 * the configured {@code log_level} returns (Kong's shm entry expiring). Kong's eight names map onto
 * Logback's levels as {@link LogLevel} says; the Kong name set last is what {@link #current} reports.
 */
final class LogbackLevels implements LogLevelControl, AutoCloseable {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(LogbackLevels.class);
  private LogLevel configured;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gatehouse-log-level");
    t.setDaemon(true);
    return t;
  });
  private final ReentrantLock lock = new ReentrantLock();
  private LogLevel current;
  private @Nullable ScheduledFuture<?> revert;

  /** Logback's root level before this node changed it, restored when the node closes. */
  private final @Nullable Level initialRoot = root().getLevel();
  private boolean changed;

  LogbackLevels(LogLevel configured) {
    this.configured = configured;
    this.current = configured;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  public String current() {
    lock.lock();
    try {
      return current.kongName();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void set(String kongLevel, long timeoutSeconds) {
    LogLevel level = LogLevel.valueOf(kongLevel.toUpperCase(Locale.ROOT));
    lock.lock();
    try {
      if (revert != null) {
        revert.cancel(false);
        revert = null;
      }
      apply(level);
      if (timeoutSeconds > 0 && level != configured) {
        revert = timer.schedule(() -> {
          lock.lock();
          try {
            apply(configured);
          } finally {
            lock.unlock();
          }
        }, timeoutSeconds, TimeUnit.SECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private void apply(LogLevel level) {
    current = level;
    changed = true;
    root().setLevel(Level.toLevel(level.slf4jLevel(), Level.INFO));
    log.info("log level changed to {}", level.kongName());
  }

  /**
   * A reload's new {@code log_level}. A level set through the Admin API stays until its timeout (as
   * Kong's new workers take the level kept in shared memory), then the new configured one returns.
   */
  void reconfigure(LogLevel next) {
    lock.lock();
    try {
      boolean overridden = current != configured;
      configured = next;
      if (!overridden && current != next) {
        apply(next);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops the timer; a level this node set gives way to the one it found (a process may host more than one node). */
  @Override
  public void close() {
    timer.shutdownNow();
    lock.lock();
    try {
      if (changed) {
        root().setLevel(initialRoot);
      }
    } finally {
      lock.unlock();
    }
  }
}
