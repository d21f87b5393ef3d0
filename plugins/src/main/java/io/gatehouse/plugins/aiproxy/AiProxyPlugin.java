package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.Driver;
import io.gatehouse.plugins.awslambda.AwsDefaultCredentials;
import io.gatehouse.plugins.llm.Drivers;
import io.gatehouse.plugins.llm.GcpServiceAccount;
import io.gatehouse.plugins.llm.Gzip;
import io.gatehouse.plugins.llm.LlmChecks;
import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.plugins.llm.RouteType;
import io.gatehouse.plugins.llm.UsageLedger;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-proxy} (priority 770): an OpenAI-format chat or completions request becomes the
 * configured provider's request, sent to the provider with the gateway's credentials; the answer
 * comes back in the OpenAI format, a streamed one event by event as it arrives.
 */
@PluginInfo(name = "ai-proxy", priority = 770)
public final class AiProxyPlugin implements PreparedPlugin<AiProxyConfig, AiProxyPlugin.Prepared> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AiProxyPlugin.class);

  /** The config with what requests need from it resolved once. */
  public record Prepared(AiProxyConfig config, RouteType routeType, @Nullable Driver driver, List<String> secrets) {}

  @Override
  public Prepared prepare(AiProxyConfig config) {
    return new Prepared(config, RouteType.of(config.routeType()), Drivers.of(config.model().provider()),
        secrets(config.auth()));
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type == AiProxyConfig.class) return LlmChecks.format(LlmChecks.llm());
    if (type == LlmConfig.GeminiOptions.class) return LlmChecks.gemini();
    return EntityChecks.NONE;
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    // Kong reads every ai-proxy request's body, but proxies a multipart upload (audio, images) in
    // preserve mode directly: it may be a large file, so it streams to the provider unread
    return !(p.routeType() == RouteType.PRESERVE && multipart(request.header("Content-Type")));
  }

  private static boolean multipart(@Nullable String contentType) {
    return contentType != null && contentType.contains("multipart/form-data");
  }

  /**
   * Plans the provider request at once, or once the credentials fetched off the event loop are
   * there: a GCP service account's access token, or the AWS default chain's credentials (Bedrock
   * without keys in the config).
   */
  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    LlmConfig.Auth auth = p.config().auth();
    CompletionStage<?> fetch;
    try {
      if (GcpServiceAccount.used(p.config().model(), auth)) {
        fetch = GcpServiceAccount.of(auth).accessToken().thenApply(t -> new ResolvedCredentials(t, null));
      } else if (p.driver() != null && p.driver().needsAwsChain(auth)) {
        fetch = AwsDefaultCredentials.resolve().thenApply(aws -> new ResolvedCredentials(null, aws));
      } else {
        RequestPreparation.run(ctx, p, ResolvedCredentials.NONE);
        return null;
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return CompletableFuture.completedFuture(e);
    }
    return fetch.handle((resolved, e) -> e == null ? resolved : e);
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (result instanceof ResolvedCredentials resolved) {
      RequestPreparation.run(ctx, p, resolved);
      return;
    }
    Throwable e = result instanceof CompletionException c && c.getCause() != null ? c.getCause() : (Throwable) result;
    LOG.error("ai-proxy: cannot get credentials for {}: {}", p.config().model().provider(),
        e == null ? "no result" : e.getMessage());
    ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    if (!(ctx.shared().get(LlmCall.KEY) instanceof LlmCall call) || !ctx.fromUpstream()) return;
    call.answered();
    AiProxyConfig c = p.config();
    String type = ctx.responseHeaders().get("Content-Type");
    boolean preserve = p.routeType() == RouteType.PRESERVE;
    boolean gzipped = Gzip.encoded(ctx.responseHeaders().get("Content-Encoding"));
    boolean acceptsGzip = call.clientAcceptsGzip;
    if (ctx.status() != 200) {
      if (!p.secrets().isEmpty() || gzipped && !acceptsGzip) {
        ctx.responseHeaders().remove("Content-Length");
        if (gzipped) ctx.responseHeaders().remove("Content-Encoding"); // read to blank the secrets: sent plain
        call.response = new ResponseTranslation(call, ResponseTranslation.Mode.SCRUB, false, false, p.secrets(), type,
            new ResponseTranslation.Encoding(gzipped, false));
      }
      return;
    }
    boolean debug = ctx.request().header("Kong-Debug") != null; // Kong also shows it to debugging clients
    if ((debug || !Boolean.FALSE.equals(c.modelNameHeader())) && call.model.name() != null) {
      ctx.responseHeaders().set("X-Kong-LLM-Model", call.model.provider() + "/" + call.model.name());
    }
    boolean statistics = c.logging().logStatistics();
    boolean payloads = c.logging().logPayloads();
    if (preserve) {
      if (statistics && !call.stream) {
        call.response = new ResponseTranslation(call, ResponseTranslation.Mode.OBSERVE, true, payloads, List.of(), type,
            new ResponseTranslation.Encoding(gzipped, false));
      }
      return;
    }
    if (call.nativeFormat != null && !call.stream) {
      // Kong: a native answer is not translated, only read for its usage
      if (call.driver.clearsSetCookie()) ctx.responseHeaders().remove("Set-Cookie");
      call.response = new ResponseTranslation(call, ResponseTranslation.Mode.OBSERVE, true, payloads, List.of(), type,
          new ResponseTranslation.Encoding(gzipped, false));
      return;
    }
    ctx.responseHeaders().remove("Content-Length");
    if (call.stream) {
      ctx.responseHeaders().set("Content-Type", "text/event-stream");
      // decided once per request: each event is parsed for its text only when someone reads the usage
      // (Kong: log_statistics, which prometheus' ai_metrics reads too; here also a token quota)
      boolean counted = statistics || io.gatehouse.plugins.llm.TokenUsage.required(ctx);
      call.response = new ResponseTranslation(call, ResponseTranslation.Mode.STREAM, counted, payloads, List.of(), type);
    } else {
      if (call.driver.clearsSetCookie()) ctx.responseHeaders().remove("Set-Cookie");
      // Kong inflates a gzip answer to translate it, and compresses the translation for clients accepting gzip
      if (acceptsGzip) ctx.responseHeaders().set("Content-Encoding", "gzip");
      else ctx.responseHeaders().remove("Content-Encoding");
      call.response = new ResponseTranslation(call, ResponseTranslation.Mode.WHOLE, statistics, payloads, List.of(), type,
          new ResponseTranslation.Encoding(gzipped, acceptsGzip));
    }
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, Prepared p) {
    return ctx.shared().get(LlmCall.KEY) instanceof LlmCall call && call.response != null;
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, Prepared p, byte[] chunk, boolean last) {
    if (!(ctx.shared().get(LlmCall.KEY) instanceof LlmCall call) || call.response == null) return chunk;
    return call.response.filter(chunk, last);
  }

  @Override
  public void log(LogPhase ctx, Prepared p) {
    if (!(ctx.shared().get(LlmCall.KEY) instanceof LlmCall call)) return;
    if (call.latencyMs >= 0) UsageLedger.NODE.record(ledgerKey(ctx, call), call.tokenUsage()); // a provider answered
    LlmConfig.Auth auth = p.config().auth();
    if (auth != null && "query".equals(auth.paramLocation()) && auth.paramName() != null) {
      // the provider key travels in the upstream query: keep it out of the log entry
      Object uri = ctx.serialize().toMap().get("upstream_uri");
      if (uri instanceof String s) ctx.setSerializeValue("upstream_uri", RequestPreparation.redactQuery(s, auth.paramName()));
    }
    if (!p.config().logging().logStatistics()) return;
    ctx.setSerializeValue("ai.proxy.meta", call.meta(ctx.pluginId()));
    ctx.setSerializeValue("ai.proxy.usage", call.usage());
    if (p.config().logging().logPayloads()) {
      ctx.setSerializeValue("ai.proxy.payload.request",
          call.loggedRequest == null ? null : new String(call.loggedRequest, java.nio.charset.StandardCharsets.UTF_8));
      ctx.setSerializeValue("ai.proxy.payload.response", call.responseBody);
    }
  }

  private static UsageLedger.Key ledgerKey(LogPhase ctx, LlmCall call) {
    var consumer = ctx.consumer();
    var route = ctx.route();
    return new UsageLedger.Key(consumer == null ? null : consumer.id(), consumer == null ? null : consumer.username(),
        route == null ? null : route.id(), route == null ? null : route.name(), call.model.provider(), call.requestModel());
  }

  /** {@code GET /ai/usage[/minute|hour|day]}: the node's AI usage by consumer, route and model (beyond Kong). */
  @Override
  public List<AdminEndpoint> adminEndpoints() {
    return List.of(
        new AdminEndpoint("GET", "/ai/usage", args -> new AdminEndpoint.Reply(200, UsageLedger.NODE.report(UsageLedger.Window.HOUR))),
        new AdminEndpoint("GET", "/ai/usage/{window}", args -> {
          UsageLedger.Window w = UsageLedger.Window.named(args.get("window"));
          return w == null
              ? new AdminEndpoint.Reply(400, java.util.Map.of("message", "window must be one of: minute, hour, day"))
              : new AdminEndpoint.Reply(200, UsageLedger.NODE.report(w));
        }));
  }

  /** The provider credentials of this instance and their bare tokens ({@code Bearer sk-…} → {@code sk-…}). */
  private static List<String> secrets(LlmConfig.@Nullable Auth auth) {
    List<String> out = new ArrayList<>();
    if (auth == null) return out;
    for (String v : new String[] {auth.headerValue(), auth.paramValue(), auth.awsSecretAccessKey()}) {
      if (v == null || v.length() < 4) continue;
      out.add(v);
      int space = v.lastIndexOf(' ');
      if (space > 0 && v.length() - space > 4) out.add(v.substring(space + 1));
    }
    return List.copyOf(out);
  }
}
