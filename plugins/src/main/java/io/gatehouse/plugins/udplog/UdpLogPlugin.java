package io.gatehouse.plugins.udplog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.Log;
import io.gatehouse.plugin.LogContext;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.logqueue.LogQueue;
import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** udp-log: priority 8, log only, any scope. */
public final class UdpLogPlugin implements Plugin<UdpLogPlugin.Config>, Log<UdpLogPlugin.Config> {
  /** Datagrams go out as entries come, from a bounded queue (oldest dropped past 10000); no retries. */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.4). */
  public record Config(String host, int port, double timeout, @Nullable Map<String, String> customFieldsByLua) {
    String queueKey() {
      return "udp-log " + host + ":" + port + " timeout=" + timeout;
    }
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
    LogQueues.add(config.queueKey(), SENDS, () -> new DatagramSender(config.host(), config.port()), ctx.serialize());
  }

  static LogQueue queue(Config config) {
    return LogQueues.get(config.queueKey(), SENDS, () -> new DatagramSender(config.host(), config.port()));
  }
}
