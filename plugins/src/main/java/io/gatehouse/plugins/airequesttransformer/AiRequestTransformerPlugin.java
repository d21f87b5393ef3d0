package io.gatehouse.plugins.airequesttransformer;

import com.google.re2j.Pattern;
import io.gatehouse.plugins.llm.LlmClient;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.plugins.llm.Transformers;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-request-transformer} (priority 777): the request body (at most
 * {@code max_request_body_size}) goes to the configured model as the user message under
 * {@code prompt}; the answer (or the first match of {@code transformation_extract_pattern}, RE2/J,
 * case-insensitive) becomes the body sent upstream. The model call does not block the event loop.
 */
@PluginInfo(name = "ai-request-transformer", priority = 777, forbiddenScopes = Scope.CONSUMER)
public final class AiRequestTransformerPlugin
    implements PreparedPlugin<AiRequestTransformerPlugin.Config, AiRequestTransformerPlugin.Prepared> {
  private static final String ANSWER = "ai-request-transformer.answer";

  public record Config(
      String prompt,
      @Nullable String transformationExtractPattern,
      @Default("60000") int httpTimeout,
      @Default("true") boolean httpsVerify,
      @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
      @Host @Nullable String httpProxyHost,
      @Between(min = 0, max = 65535) @Nullable Integer httpProxyPort,
      @Host @Nullable String httpsProxyHost,
      @Between(min = 0, max = 65535) @Nullable Integer httpsProxyPort,
      Transformers.Llm llm) {}

  /** The config with its model client and compiled pattern. */
  public record Prepared(Config config, LlmClient client, @Nullable Pattern extract) {}

  @Override
  public Prepared prepare(Config c) {
    return new Prepared(c, Transformers.client(c.httpTimeout(), c.httpsVerify(), c.httpProxyHost(), c.httpProxyPort(),
        c.httpsProxyHost(), c.httpsProxyPort()), Transformers.pattern(c.transformationExtractPattern()));
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    return Transformers.checks(type, Config.class);
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    return true;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    byte[] raw = ctx.requestBody() == null ? new byte[0] : ctx.requestBody().bytes();
    int max = p.config().maxRequestBodySize() == null ? 8192 : p.config().maxRequestBodySize();
    String body = new String(raw, 0, Math.min(raw.length, max), StandardCharsets.UTF_8);
    Transformers.Llm llm = p.config().llm();
    return p.client().chat(ctx.httpCalls(), llm.auth(), llm.model(), p.config().prompt(), body)
        .handle((answer, failure) -> failure == null ? (Object) answer : cause(failure));
  }

  private static Throwable cause(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (!(result instanceof LlmClient.Answer answer)) {
      String message = result instanceof LlmException e ? e.getMessage()
          : "failed to introspect request with AI service: " + (result instanceof Throwable t ? t.getMessage() : "no answer");
      ctx.exit(400, Map.of("error", Map.of("message", message)), Map.of());
      return;
    }
    String content;
    try {
      content = Transformers.extract(answer.content(), p.extract());
    } catch (LlmException e) {
      ctx.exit(400, Map.of("error", Map.of("message", e.getMessage())), Map.of());
      return;
    }
    ctx.shared().put(ANSWER, answer);
    ctx.upstream().setBody(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Kong's {@code post_request}: {@code ai.ai-request-transformer.meta/usage} when statistics are logged. */
  @Override
  public void log(LogPhase ctx, Prepared p) {
    if (ctx.shared().get(ANSWER) instanceof LlmClient.Answer a) Transformers.log(ctx, "ai-request-transformer", p.config().llm(), a);
  }
}
