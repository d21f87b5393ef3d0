package io.gatehouse.plugins.syslog;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** syslog: priority 4, log only, any scope. */
@PluginInfo(name = "syslog", priority = 4)
public final class SyslogPlugin extends LogSinkPlugin<SyslogPlugin.Config> {
  /** The system property naming the socket to write to instead of {@code /dev/log} (tests, containers). */
  public static final String SOCKET_PROPERTY = "gatehouse.syslog.socket";

  /** Kong logs each entry from its own timer, without retries; here from a bounded queue, also without. */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config ({@code kong/plugins/syslog/schema.lua}). */
  public record Config(
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"}) String logLevel,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      String successfulSeverity,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      String clientErrorsSeverity,
      @Default("info") @OneOf({"debug", "info", "notice", "warning", "err", "crit", "alert", "emerg"})
      String serverErrorsSeverity,
      @Nullable Map<String, String> customFieldsByLua,
      @Description("The facility is used by the operating system to decide how to handle each log message.")
      @Default("user") @OneOf({"auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news", "syslog",
          "user", "uucp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"})
      String facility) implements LogSinkPlugin.Sink {

    @Override
    public String queueKey() {
      return "syslog " + this;
    }
  }

  @Override
  protected QueueConfig queueConfig(Config config) {
    return SENDS;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return () -> new SyslogSender(config, System.getProperty(SOCKET_PROPERTY, "/dev/log"));
  }
}
