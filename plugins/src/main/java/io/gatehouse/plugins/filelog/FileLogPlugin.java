package io.gatehouse.plugins.filelog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.Log;
import io.gatehouse.plugin.LogContext;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.logqueue.LogQueue;
import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** file-log: priority 9, log only, any scope. */
public final class FileLogPlugin implements Plugin<FileLogPlugin.Config>, Log<FileLogPlugin.Config> {
  /** Lines are written as they come (no coalescing), in batches of what is waiting; a failed write is not retried. */
  private static final QueueConfig WRITES = new QueueConfig(1000, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.2). */
  public record Config(String path, boolean reopen, @Nullable Map<String, String> customFieldsByLua) {
    /** Instances writing to the same file the same way share one writer. */
    String queueKey() {
      return "file-log " + path + (reopen ? " reopen" : "");
    }
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

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Config bind(ObjectNode config) {
    Config c = ConfigBinding.bind(config, Config.class);
    LogFields.warnIfCustomFields(name(), c.customFieldsByLua());
    return c;
  }

  @Override
  public void log(LogContext ctx, Config config) {
    LogQueues.add(config.queueKey(), WRITES, appender(config), ctx.serialize());
  }

  static LogQueue queue(Config config) {
    return LogQueues.get(config.queueKey(), WRITES, appender(config));
  }

  private static LogQueues.Factory appender(Config config) {
    return () -> new FileAppender(Path.of(config.path()), config.reopen());
  }
}
