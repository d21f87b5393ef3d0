package io.gatehouse.plugins.requesttermination;

import static io.gatehouse.core.entity.Typedefs.headerName;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import java.util.List;

/** request-termination: priority 2 (after auth and rate limiting), access only, any scope. */
public final class RequestTerminationPlugin implements Plugin<RequestTerminationConfig> {

  @Override
  public String name() {
    return "request-termination";
  }

  @Override
  public int priority() {
    return 2;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
            Field.integer("status_code").required().defaultValue(503).between(100, 599),
            Field.string("message"),
            Field.string("content_type"),
            Field.string("body"),
            Field.bool("echo").required().defaultValue(false),
            Field.string("trigger").check(headerName()))
        .recordCheck(EntityCheck.custom(List.of("message", "content_type", "body", "echo"), (c, errors) -> {
          boolean message = !EntityCheck.isNull(c.get("message"));
          boolean type = !EntityCheck.isNull(c.get("content_type"));
          boolean body = !EntityCheck.isNull(c.get("body"));
          if (message && (type || body)) {
            errors.entity("message cannot be used with content_type or body");
          } else if (type && !body) {
            errors.entity("content_type requires a body");
          } else if (c.path("echo").asBoolean(false) && (type || body)) {
            errors.entity("echo cannot be used with content_type and body");
          }
        }));
  }

  @Override
  public Class<RequestTerminationConfig> configType() {
    return RequestTerminationConfig.class;
  }

  @Override
  public PhaseHandler<RequestTerminationConfig> handler(PluginSnapshot snapshot) {
    return new RequestTerminationHandler(snapshot);
  }
}
