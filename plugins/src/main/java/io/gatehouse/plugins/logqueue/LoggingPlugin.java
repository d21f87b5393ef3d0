package io.gatehouse.plugins.logqueue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.Log;
import io.gatehouse.plugin.LogContext;
import io.gatehouse.plugin.Plugin;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the logging plugins share: binding their config (with the {@code custom_fields_by_lua}
 * warning) and a log phase that hands the serialized entry to the sink's queue. A plugin says
 * where entries go ({@link #sender}) and how they are queued ({@link #queueConfig}).
 */
public abstract class LoggingPlugin<C extends LoggingPlugin.Sink> implements Plugin<C>, Log<C> {
  /** A logging plugin's config: the sink's queue key (equal sinks share a queue) and the Lua fields it ignores. */
  public interface Sink {
    String queueKey();

    @Nullable Map<String, String> customFieldsByLua();
  }

  private final Class<C> type;

  protected LoggingPlugin(Class<C> type) {
    this.type = type;
  }

  /** How entries for this sink are batched and retried. */
  protected abstract QueueConfig queueConfig(C config);

  /** Opens the sink the queue sends to (called by the queue, off the event loop). */
  protected abstract LogQueues.Factory sender(C config);

  @Override
  public final Class<C> configType() {
    return type;
  }

  @Override
  public C bind(ObjectNode config) {
    C c = ConfigBinding.bind(config, type);
    LogFields.warnIfCustomFields(name(), c.customFieldsByLua());
    return c;
  }

  @Override
  public final void log(LogContext ctx, C config) {
    LogQueues.add(config.queueKey(), queueConfig(config), sender(config), ctx.serialize());
  }

  /** The queue of this config's sink (tests look at its size). */
  public final LogQueue queueOf(C config) {
    return LogQueues.get(config.queueKey(), queueConfig(config), sender(config));
  }
}
