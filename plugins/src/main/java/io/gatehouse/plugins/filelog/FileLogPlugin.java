package io.gatehouse.plugins.filelog;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.logqueue.LoggingPlugin;
import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** file-log: priority 9, log only, any scope. */
public final class FileLogPlugin extends LoggingPlugin<FileLogPlugin.Config> {
  /** Lines are written as they come (no coalescing), in batches of what is waiting; a failed write is not retried. */
  private static final QueueConfig WRITES = new QueueConfig(1000, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.2). */
  public record Config(String path, boolean reopen, @Nullable Map<String, String> customFieldsByLua)
      implements LoggingPlugin.Sink {
    /** Instances writing to the same file the same way share one writer. */
    public String queueKey() {
      return "file-log " + path + (reopen ? " reopen" : "");
    }
  }

  public FileLogPlugin() {
    super(Config.class);
  }

  @Override
  public String name() {
    return "file-log";
  }

  @Override
  public int priority() {
    return 9;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.string("path").required()
            .check(v -> validFilename(v.asText()) ? null : "not a valid filename"),
        Field.bool("reopen").required().defaultValue(false),
        LogFields.customFieldsByLua());
  }

  /** Kong's {@code validate_file}: none of {@code * & % \ `}, no leading or trailing whitespace. */
  static boolean validFilename(String path) {
    return path.equals(path.strip()) && path.chars().noneMatch(c -> "*&%\\`".indexOf(c) >= 0);
  }





  private static LogQueues.Factory appender(Config config) {
    return () -> new FileAppender(Path.of(config.path()), config.reopen());
  }

  @Override
  protected QueueConfig queueConfig(Config config) {
    return WRITES;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return appender(config);
  }
}
