package io.gatehouse.plugins.tcplog;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.PluginInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** tcp-log: priority 7, log only, any scope. */
@PluginInfo(name = "tcp-log", priority = 7)
public final class TcpLogPlugin extends LogSinkPlugin<TcpLogPlugin.Config> {
  /**
   * Kong sends each entry from its own timer and does not retry; here entries wait in a bounded
   * queue (oldest dropped past 10000) and go out as they come over one kept-alive connection.
   */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /**
   * The config (reference plugins §19.4). {@code timeout} and {@code keepalive} are not required in
   * Kong's schema; an explicit null means the default.
   */
  public record Config(@Host String host, @Between(min = 0, max = 65535) int port,
      @Default("10000") @Nullable Double timeout, @Default("60000") @Nullable Double keepalive,
      @Default("false") boolean tls, @Host @Nullable String tlsSni,
      @Nullable Map<String, String> customFieldsByLua) implements LogSinkPlugin.Sink {
    public Config {
      timeout = timeout == null ? 10000d : timeout;
      keepalive = keepalive == null ? 60000d : keepalive;
    }

    public String queueKey() {
      return "tcp-log " + host + ":" + port + " timeout=" + timeout + " keepalive=" + keepalive + " tls=" + tls
          + " sni=" + tlsSni;
    }
  }

  @Override
  protected QueueConfig queueConfig(Config config) {
    return SENDS;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return () -> new TcpLineSender(config);
  }
}
