package io.gatehouse.plugins.datadog;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.plugins.logqueue.QueueConfig;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.PluginInfo;

/** datadog: priority 10, log only, any scope. */
@PluginInfo(name = "datadog", priority = 10)
public final class DatadogPlugin extends LogSinkPlugin<DatadogConfig> {

  /** Counters and gauges need their sample rate (Kong's conditional entity check on each metric). */
  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != DatadogConfig.Metric.class) return EntityChecks.NONE;
    return EntityChecks.NONE.requiredIf("stat_type", v -> "counter".equals(v) || "gauge".equals(v), "sample_rate");
  }

  @Override
  protected QueueConfig queueConfig(DatadogConfig config) {
    return config.effectiveQueue();
  }

  @Override
  protected LogQueues.Factory sender(DatadogConfig config) {
    return () -> new DatadogSender(config);
  }
}
