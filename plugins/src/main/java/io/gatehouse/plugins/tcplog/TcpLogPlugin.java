package io.gatehouse.plugins.tcplog;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.plugins.logqueue.LoggingPlugin;
import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.QueueConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** tcp-log: priority 7, log only, any scope. */
public final class TcpLogPlugin extends LoggingPlugin<TcpLogPlugin.Config> {
  /**
   * Kong sends each entry from its own timer and does not retry; here entries wait in a bounded
   * queue (oldest dropped past 10000) and go out as they come over one kept-alive connection.
   */
  private static final QueueConfig SENDS = new QueueConfig(100, 0, 10000, null, 0, 0.01, 0.01, 1);

  /** The config (reference plugins §19.4). */
  public record Config(String host, int port, double timeout, double keepalive, boolean tls, @Nullable String tlsSni,
      @Nullable Map<String, String> customFieldsByLua) implements LoggingPlugin.Sink {
    public String queueKey() {
      return "tcp-log " + host + ":" + port + " timeout=" + timeout + " keepalive=" + keepalive + " tls=" + tls
          + " sni=" + tlsSni;
    }
  }

  public TcpLogPlugin() {
    super(Config.class);
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
  protected QueueConfig queueConfig(Config config) {
    return SENDS;
  }

  @Override
  protected LogQueues.Factory sender(Config config) {
    return () -> new TcpLineSender(config);
  }
}
