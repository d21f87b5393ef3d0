package io.gatehouse.plugins.udplog;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.logqueue.LoggingPlugin;
import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** udp-log: priority 8, log only, any scope. */
public final class UdpLogPlugin extends LoggingPlugin<UdpLogPlugin.Config> {
  /** Datagrams go out as entries come, from a bounded queue (oldest dropped past 10000); no retries. */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.4). */
  public record Config(String host, int port, double timeout, @Nullable Map<String, String> customFieldsByLua)
      implements LoggingPlugin.Sink {
    public String queueKey() {
      return "udp-log " + host + ":" + port + " timeout=" + timeout;
    }
  }

  public UdpLogPlugin() {
    super(Config.class);
  }

  @Override
  public String name() {
    return "udp-log";
  }

  @Override
  public int priority() {
    return 8;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Typedefs.host("host").required(),
        Typedefs.port("port").required(),
        Field.number("timeout").defaultValue(10000),
        LogFields.customFieldsByLua());
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
