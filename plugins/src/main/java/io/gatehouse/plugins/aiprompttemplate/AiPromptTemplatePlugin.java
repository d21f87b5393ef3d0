package io.gatehouse.plugins.aiprompttemplate;

import io.gatehouse.plugins.llm.LlmJson;
import io.gatehouse.plugins.llm.SharedRequest;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-prompt-template} (priority 773): a request whose {@code messages} or
 * {@code prompt} is {@code "{template://NAME}"} is replaced by that template, its
 * {@code {{placeholders}}} filled from the request's {@code properties} (JSON-escaped).
 */
@PluginInfo(name = "ai-prompt-template", priority = 773)
public final class AiPromptTemplatePlugin implements Plugin<AiPromptTemplatePlugin.Config> {
  private static final String ORIGINAL = "ai-prompt-template.original_request";

  public record Template(String name, String template) {}

  public record Config(
      List<Template> templates,
      @Default("true") boolean allowUntemplatedRequests,
      @Default("false") boolean logOriginalRequest,
      @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize) {}

  @Override
  public boolean needsRequestBody(Request request, Config config) {
    return true;
  }

  @Override
  public void access(AccessPhase ctx, Config c) {
    int max = c.maxRequestBodySize() == null ? 8192 : c.maxRequestBodySize();
    byte[] raw = ctx.requestBody() == null ? new byte[0] : ctx.requestBody().bytes();
    if (c.logOriginalRequest()) {
      ctx.shared().put(ORIGINAL, new String(raw, 0, Math.min(raw.length, max), StandardCharsets.UTF_8));
    }
    Map<String, @Nullable Object> body = raw.length > max ? null : LlmJson.object(raw);
    if (body == null) {
      badRequest(ctx, "this LLM route only supports application/json requests");
      return;
    }
    Object messages = body.get("messages");
    Object prompt = body.get("prompt");
    if (messages != null && prompt != null) {
      badRequest(ctx, "cannot run 'messages' and 'prompt' templates at the same time");
      return;
    }
    Object reference = messages != null ? messages : prompt;
    if (reference == null) {
      badRequest(ctx, "only 'llm/v1/chat' and 'llm/v1/completions' formats are supported for templating");
      return;
    }
    String name = reference instanceof String s && s.startsWith("{template://") && s.endsWith("}")
        ? s.substring(12, s.length() - 1) : null;
    if (name == null) {
      if (!c.allowUntemplatedRequests()) badRequest(ctx, "this LLM route only supports templated requests");
      return;
    }
    Template template = c.templates().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    if (template == null) {
      badRequest(ctx, "could not find template name [" + name + "]");
      return;
    }
    String rendered;
    try {
      rendered = Templater.render(template.template(), body.get("properties") == null ? Map.of() : body.get("properties"));
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e.getMessage());
      return;
    }
    SharedRequest.replace(ctx, rendered.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void log(LogPhase ctx, Config c) {
    if (c.logOriginalRequest() && ctx.shared().get(ORIGINAL) instanceof String original) {
      ctx.setSerializeValue("ai.payload.original_request", original);
    }
  }

  private static void badRequest(AccessPhase ctx, String message) {
    ctx.exit(400, Map.of("error", Map.of("message", message)), Map.of());
  }
}
