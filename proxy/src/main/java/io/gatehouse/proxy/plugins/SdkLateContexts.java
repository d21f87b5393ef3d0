package io.gatehouse.proxy.plugins;

import io.gatehouse.plugin.BodyFilterContext;
import io.gatehouse.plugin.JsonLogEntry;
import io.gatehouse.plugin.LogContext;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.ResponseHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's body_filter and log contexts over the runtime's (like {@link SdkContexts}, which holds
 * the earlier phases): one small wrapper per call, gone once the runtime implements them directly.
 */
final class SdkLateContexts {
  private SdkLateContexts() {}

  static final class Bodying extends SdkContexts.Base implements BodyPhase {
    private final BodyFilterContext ctx;

    Bodying(BodyFilterContext ctx) {
      super(ctx);
      this.ctx = ctx;
    }

    @Override
    public int status() {
      return ctx.status();
    }
  }

  static final class Logging extends SdkContexts.Base implements LogPhase {
    private final LogContext ctx;

    Logging(LogContext ctx) {
      super(ctx);
      this.ctx = ctx;
    }

    @Override
    public int status() {
      return ctx.status();
    }

    @Override
    public ResponseHeaders responseHeaders() {
      return ctx.responseHeaders();
    }

    @Override
    public LogEntry serialize() {
      return new JsonLogEntry(ctx.serialize());
    }

    @Override
    public void setSerializeValue(String key, @Nullable Object value) {
      ctx.setSerializeValue(key, value);
    }

    @Override
    public io.gatehouse.sdk.Measurements measurements() {
      return ctx instanceof io.gatehouse.sdk.Measurements m ? m : LogPhase.super.measurements();
    }
  }
}
