package io.gatehouse.plugins.tcplog;

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

/** tcp-log: priority 7, log only, any scope. */
public final class TcpLogPlugin implements Plugin<TcpLogPlugin.Config>, Log<TcpLogPlugin.Config> {
  /**
   * Kong sends each entry from its own timer and does not retry; here entries wait in a bounded
   * queue (oldest dropped past 10000) and go out as they come over one kept-alive connection.
   */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.4). */
  public record Config(String host, int port, double timeout, double keepalive, boolean tls, @Nullable String tlsSni,
      @Nullable Map<String, String> customFieldsByLua) {
    String queueKey() {
      return "tcp-log " + host + ":" + port + " timeout=" + timeout + " keepalive=" + keepalive + " tls=" + tls
          + " sni=" + tlsSni;
    }
  }

  @Override
  public String name() {
    return "tcp-log";
  }

  @Override
  public int priority() {
    return 7;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Typedefs.host("host").required(),
        Typedefs.port("port").required(),
        Field.number("timeout").defaultValue(10000),
        Field.number("keepalive").defaultValue(60000),
        Field.bool("tls").required().defaultValue(false),
        Typedefs.host("tls_sni"),
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
    LogQueues.add(config.queueKey(), SENDS, () -> new TcpLineSender(config), ctx.serialize());
  }

  static LogQueue queue(Config config) {
    return LogQueues.get(config.queueKey(), SENDS, () -> new TcpLineSender(config));
  }
}
