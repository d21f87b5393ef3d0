package io.gatehouse.plugins.requesttermination;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Snapshot;
import java.util.List;

/** request-termination: priority 2 (after auth and rate limiting), access only, any scope. */
@PluginInfo(name = "request-termination", priority = 2)
public final class RequestTerminationPlugin
    implements PreparedPlugin<RequestTerminationConfig, RequestTerminationHandler.Prepared> {

  @Override
  public EntityChecks checks(Class<? extends Record> record) {
    if (record != RequestTerminationConfig.class) {
      return EntityChecks.NONE;
    }
    return EntityChecks.NONE.custom(List.of("message", "content_type", "body", "echo"), c -> {
      boolean message = c.get("message") != null;
      boolean type = c.get("content_type") != null;
      boolean body = c.get("body") != null;
      if (message && (type || body)) {
        return "message cannot be used with content_type or body";
      } else if (type && !body) {
        return "content_type requires a body";
      } else if (Boolean.TRUE.equals(c.get("echo")) && (type || body)) {
        return "echo cannot be used with content_type and body";
      }
      return null;
    });
  }

  @Override
  public RequestTerminationHandler.Prepared prepare(RequestTerminationConfig config, Snapshot snapshot) {
    // only echo shows the matched route and service: index them once per snapshot, and only then
    return new RequestTerminationHandler.Prepared(config,
        config.echo() ? snapshot.shared(RequestTerminationHandler.Matched.class, RequestTerminationHandler.Matched::of) : null);
  }

  @Override
  public void access(AccessPhase ctx, RequestTerminationHandler.Prepared prepared) {
    RequestTerminationHandler.access(ctx, prepared);
  }
}
