package io.gatehouse.proxy.plugins;

import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.PhaseContext;
import io.gatehouse.plugin.RewriteContext;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Phase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.ResponseHeaders;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.RewritePhase;
import io.gatehouse.sdk.Service;
import io.gatehouse.sdk.Upstream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's phase contexts over the runtime's contexts, while both APIs live side by side: one small
 * wrapper per phase call. Once every plugin is on the SDK, the runtime implements the SDK contexts
 * directly and this class goes.
 */
final class SdkContexts {
  private SdkContexts() {}

  /** What every phase reads, converting core models to the SDK's read-only views. */
  abstract static class Base implements Phase {
    private final PhaseContext ctx;

    Base(PhaseContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String requestId() {
      return ctx.requestId();
    }

    @Override
    public Request request() {
      return ctx.request();
    }

    @Override
    public @Nullable Route route() {
      var r = ctx.route();
      return r == null ? null : new Route(r.id(), r.name());
    }

    @Override
    public @Nullable Service service() {
      var s = ctx.service();
      return s == null ? null : new Service(s.id(), s.name(), s.host(), s.port(), s.protocol());
    }

    @Override
    public @Nullable Consumer consumer() {
      var c = ctx.consumer();
      return c == null ? null : SdkSnapshot.consumer(c);
    }

    @Override
    public @Nullable Credential credential() {
      var c = ctx.credential();
      return c == null ? null : new Credential(c.id(), c.consumerId(), c.identifier());
    }

    @Override
    public Map<String, Object> shared() {
      return ctx.shared();
    }

    @Override
    public String pluginId() {
      return ctx.pluginId();
    }
  }

  static class Rewriting extends Base implements RewritePhase {
    private final RewriteContext ctx;

    Rewriting(RewriteContext ctx) {
      super(ctx);
      this.ctx = ctx;
    }

    @Override
    public Upstream upstream() {
      return ctx.upstream();
    }

    @Override
    public void exit(int status, @Nullable Object body, Map<String, String> headers) {
      ctx.exit(status, body, headers);
    }

    @Override
    public void error(int status, @Nullable String message, Map<String, String> headers) {
      ctx.error(status, message, headers);
    }

    @Override
    public boolean exited() {
      return ctx.exited();
    }
  }

  static final class Accessing extends Rewriting implements AccessPhase {
    private final AccessContext ctx;

    Accessing(AccessContext ctx) {
      super(ctx);
      this.ctx = ctx;
    }

    @Override
    public long nowMillis() {
      return ctx.nowMillis();
    }

    // request body access (phase 2B): views over the old context, see SdkRequestBody
    @Override
    public io.gatehouse.sdk.@Nullable RequestBody requestBody() {
      byte[] body = ctx.requestBody();
      return body == null ? null : new SdkRequestBody(body, ctx.request().header("Content-Type"));
    }

    @Override
    public void limitRequestBody(io.gatehouse.sdk.BodyLimit limit) {
      ctx.limitRequestBody(new io.gatehouse.plugin.BodyLimit(limit.maxBytes(), limit.status(), limit.message()));
    }

    @Override
    public java.util.List<String> uriCaptures() {
      return ctx.uriCaptures();
    }

    @Override
    public Map<String, String> uriNamedCaptures() {
      return ctx.uriNamedCaptures();
    }

    @Override
    public void authenticate(Consumer consumer, @Nullable Credential credential) {
      ctx.authenticate(SdkSnapshot.consumer(consumer), credential == null ? null
          : new io.gatehouse.plugin.Credential(credential.id(), credential.consumerId(), credential.identifier()));
    }

    @Override
    public java.util.List<String> authenticatedGroups() {
      return ctx.authenticatedGroups();
    }

    @Override
    public void setAuthenticatedGroups(java.util.List<String> groups) {
      ctx.setAuthenticatedGroups(groups);
    }
  }

  static final class Heading extends Base implements HeaderPhase {
    private final HeaderFilterContext ctx;

    Heading(HeaderFilterContext ctx) {
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
    public boolean fromUpstream() {
      return ctx.fromUpstream();
    }

    @Override
    public void replaceResponse(int status, @Nullable String body) {
      ctx.replaceResponse(status, body);
    }
  }
}
