package io.gatehouse.plugins.statsd;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** statsd: priority 11, log only, any scope. */
@PluginInfo(name = "statsd", priority = 11)
public final class StatsdPlugin extends LogSinkPlugin<StatsdConfig> {
  /** Kong reads the first two three-digit codes of a range ({@code REGEX_SPLIT_STATUS_CODES_BY_DASH}). */
  private static final Pattern RANGE = Pattern.compile("(\\d\\d\\d)-(\\d\\d\\d)");

  /** Counters and gauges need their sample rate (Kong's conditional entity check on each metric). */
  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != StatsdConfig.Metric.class) return EntityChecks.NONE;
    return EntityChecks.NONE.requiredIf("stat_type", v -> "counter".equals(v) || "gauge".equals(v), "sample_rate");
  }

  /** {@code allow_status_codes}: only responses in one of the ranges count; none given, all do. */
  @Override
  protected boolean accepts(LogPhase ctx, StatsdConfig config) {
    return allowed(config.allowStatusCodes(), ctx.status());
  }

  static boolean allowed(@org.jspecify.annotations.Nullable List<String> ranges, int status) {
    if (ranges == null) return true;
    for (String range : ranges) {
      Matcher m = RANGE.matcher(range);
      if (m.find() && status >= Integer.parseInt(m.group(1)) && status <= Integer.parseInt(m.group(2))) return true;
    }
    return false;
  }

  @Override
  protected QueueConfig queueConfig(StatsdConfig config) {
    return config.effectiveQueue();
  }

  @Override
  protected LogQueues.Factory sender(StatsdConfig config) {
    return () -> new StatsdSender(config);
  }
}
