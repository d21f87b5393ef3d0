package io.gatehouse.plugins.udplog;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.PluginInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** udp-log: priority 8, log only, any scope. */
@PluginInfo(name = "udp-log", priority = 8)
public final class UdpLogPlugin extends LogSinkPlugin<UdpLogPlugin.Config> {
  /** Datagrams go out as entries come, from a bounded queue (oldest dropped past 10000); no retries. */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.4); an explicit null {@code timeout} means the default. */
  public record Config(@Host String host, @Between(min = 0, max = 65535) int port,
      @Default("10000") @Nullable Double timeout, @Nullable Map<String, String> customFieldsByLua)
      implements LogSinkPlugin.Sink {
    public Config {
      timeout = timeout == null ? 10000d : timeout;
    }

    public String queueKey() {
      return "udp-log " + host + ":" + port + " timeout=" + timeout;
    }
  }

  @Override
  protected QueueConfig queueConfig(Config config) {
    return SENDS;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return () -> new DatagramSender(config.host(), config.port());
  }
}
