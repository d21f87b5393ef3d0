package io.gatehouse.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.gatehouse.app.settings.LogLevel;
import org.slf4j.LoggerFactory;

/** Applies {@code log_level} to Logback, which reads its appenders from {@code logback.xml}. */
final class Logging {
  private Logging() {}

  static void apply(LogLevel level, boolean verbose) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(verbose ? Level.DEBUG : Level.toLevel(level.slf4jLevel(), Level.INFO));
  }
}
