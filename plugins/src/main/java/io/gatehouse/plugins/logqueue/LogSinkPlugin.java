package io.gatehouse.plugins.logqueue;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A logging plugin on the plugin SDK: a log phase that hands the serialized entry to the
 * sink's queue, and the {@code custom_fields_by_lua} warning when an instance is prepared. A
 * subclass (annotated with {@link PluginInfo}) says where entries go ({@link #sender}) and how
 * they are queued ({@link #queueConfig}).
 *
 * @param <C> the config record, which names its sink's queue
 */
public abstract class LogSinkPlugin<C extends Record & LogSinkPlugin.Sink> implements Plugin<C> {
  /** A logging plugin's config: the sink's queue key (equal sinks share a queue) and the Lua fields it ignores. */
  public interface Sink {
    String queueKey();

    @Nullable Map<String, String> customFieldsByLua();
  }

  /** How entries for this sink are batched and retried. */
  protected abstract QueueConfig queueConfig(C config);

  /** Opens the sink the queue sends to (called by the queue, off the event loop). */
  protected abstract LogQueues.Factory sender(C config);

  @Override
  public C prepare(C config) {
    LogFields.warnIfCustomFields(getClass().getAnnotation(PluginInfo.class).name(), config.customFieldsByLua());
    return config;
  }

  /** Whether this request is logged at all (statsd's {@code allow_status_codes}); runs on the event loop. */
  protected boolean accepts(LogPhase ctx, C config) {
    return true;
  }

  @Override
  public final void log(LogPhase ctx, C config) {
    if (!accepts(ctx, config)) return;
    // the entry is encoded on the queue's thread, when its batch is sent
    LogQueues.add(config.queueKey(), queueConfig(config), sender(config), ctx.serialize());
  }

  /**
   * Hands an entry that is not a proxy request's (an Admin API audit record) to this config's sink,
   * on a queue of its own (so its batches never mix with proxy entries); never blocks: the queue's
   * thread sends it, with the sink's batching and retries.
   */
  public final void export(C config, LogEntry entry) {
    LogQueues.add(AUDIT_QUEUE_PREFIX + config.queueKey(), queueConfig(config), sender(config), entry);
  }

  /** What sets an exported entry's queue key apart from the proxy entries' queue of the same sink. */
  public static final String AUDIT_QUEUE_PREFIX = "audit ";

  /** The queue of this config's sink (tests look at its size). */
  public final LogQueue queueOf(C config) {
    return LogQueues.get(config.queueKey(), queueConfig(config), sender(config));
  }
}
