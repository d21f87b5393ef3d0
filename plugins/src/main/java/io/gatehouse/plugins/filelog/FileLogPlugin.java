package io.gatehouse.plugins.filelog;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Validator;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** file-log: priority 9, log only, any scope. */
@PluginInfo(name = "file-log", priority = 9)
public final class FileLogPlugin extends LogSinkPlugin<FileLogPlugin.Config> {
  /** Lines are written as they come (no coalescing), in batches of what is waiting; a failed write is not retried. */
  private static final QueueConfig WRITES = new QueueConfig(1000, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.2). */
  public record Config(@Check(Filename.class) String path, @Default("false") boolean reopen,
      @Nullable Map<String, String> customFieldsByLua) implements LogSinkPlugin.Sink {
    /** Instances writing to the same file the same way share one writer. */
    public String queueKey() {
      return "file-log " + path + (reopen ? " reopen" : "");
    }
  }

  /** Kong's {@code validate_file}. */
  public static final class Filename implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return validFilename((String) value) ? null : "not a valid filename";
    }
  }

  /** Kong's {@code validate_file}: none of {@code * & % \ `}, no leading or trailing whitespace. */
  static boolean validFilename(String path) {
    return path.equals(path.strip()) && path.chars().noneMatch(c -> "*&%\\`".indexOf(c) >= 0);
  }

  @Override
  protected QueueConfig queueConfig(Config config) {
    return WRITES;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return () -> new FileAppender(Path.of(config.path()), config.reopen());
  }
}
