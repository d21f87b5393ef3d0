package io.gatehouse.plugins.loggly;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Referenceable;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** loggly: priority 6, log only, any scope. */
@PluginInfo(name = "loggly", priority = 6)
public final class LogglyPlugin extends LogSinkPlugin<LogglyPlugin.Config> {
  /** Kong sends each entry from its own timer, without retries; here from a bounded queue, also without. */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config ({@code kong/plugins/loggly/schema.lua}); a null severity means Kong's default, info. */
  public record Config(
      @Default("logs-01.loggly.com") @Host @Nullable String host,
      @Default("514") @Between(min = 0, max = 65535) @Nullable Integer port,
      @Referenceable String key,
      @Default("kong") @Nullable Set<String> tags,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      @Nullable String logLevel,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      @Nullable String successfulSeverity,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      @Nullable String clientErrorsSeverity,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      @Nullable String serverErrorsSeverity,
      @Default("10000") @Nullable Double timeout,
      @Nullable Map<String, String> customFieldsByLua) implements LogSinkPlugin.Sink {

    @Override
    public String queueKey() {
      return "loggly " + this;
    }
  }

  @Override
  protected QueueConfig queueConfig(Config config) {
    return SENDS;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return () -> new LogglySender(config);
  }
}
