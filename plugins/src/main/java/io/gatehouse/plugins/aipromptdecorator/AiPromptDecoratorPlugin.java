package io.gatehouse.plugins.aipromptdecorator;

import io.gatehouse.plugins.llm.LlmJson;
import io.gatehouse.plugins.llm.SharedRequest;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-prompt-decorator} (priority 772): the configured messages go before
 * ({@code prepend}) and after ({@code append}) the client's chat messages, in their order.
 */
@PluginInfo(name = "ai-prompt-decorator", priority = 772)
public final class AiPromptDecoratorPlugin implements Plugin<AiPromptDecoratorPlugin.Config> {

  public record Message(@Default("system") @OneOf({"system", "assistant", "user"}) String role,
      @Len(min = 1, max = 500) String content) {}

  public record Prompts(@Len(max = 15) @Nullable List<Message> prepend, @Len(max = 15) @Nullable List<Message> append) {}

  public record Config(
      @Nullable Prompts prompts,
      @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
      @Default("openai") @OneOf({"openai", "bedrock", "gemini"}) @Nullable String llmFormat) {}

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != Config.class) return EntityChecks.NONE;
    // Kong: at_least_one_of = { "config.prompts.prepend", "config.prompts.append" }
    return EntityChecks.NONE.custom(List.of("config.prompts"), v -> {
      Map<?, ?> prompts = v.get("config.prompts") instanceof Map<?, ?> m ? m : Map.of();
      return empty(prompts.get("prepend")) && empty(prompts.get("append"))
          ? "at least one of these fields must be non-empty: 'config.prompts.prepend', 'config.prompts.append'" : null;
    });
  }

  private static boolean empty(@Nullable Object v) {
    return v == null || v instanceof List<?> l && l.isEmpty();
  }

  @Override
  public boolean needsRequestBody(Request request, Config config) {
    return true;
  }

  @Override
  public void access(AccessPhase ctx, Config config) {
    Map<String, @Nullable Object> body =
        SharedRequest.get(ctx, config.maxRequestBodySize() == null ? 8192 : config.maxRequestBodySize());
    if (!(body.get("messages") instanceof List<?> messages) || messages.isEmpty()) {
      ctx.exit(400, Map.of("error", Map.of("message", "this LLM route only supports llm/chat type requests")), Map.of());
      return;
    }
    List<Object> decorated = new ArrayList<>();
    add(decorated, config.prompts() == null ? null : config.prompts().prepend());
    decorated.addAll(messages);
    add(decorated, config.prompts() == null ? null : config.prompts().append());
    Map<String, @Nullable Object> copy = LlmJson.copy(body);
    copy.put("messages", decorated);
    SharedRequest.replace(ctx, copy);
  }

  private static void add(List<Object> to, @Nullable List<Message> messages) {
    if (messages == null) return;
    for (Message m : messages) to.add(LlmJson.of("role", m.role(), "content", m.content()));
  }
}
