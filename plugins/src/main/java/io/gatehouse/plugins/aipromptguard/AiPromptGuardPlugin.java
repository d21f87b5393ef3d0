package io.gatehouse.plugins.aipromptguard;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.plugins.llm.LlmJson;
import io.gatehouse.plugins.llm.SharedRequest;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-prompt-guard} (priority 771): the user prompts (all roles with
 * {@code match_all_roles}; only the latest with {@code allow_all_conversation_history}) must match
 * no deny pattern and, when allow patterns are set, one of them; else {@code 400 bad request}
 * (the answer does not tell the guard is there). Patterns are RE2/J (linear time): a pattern RE2
 * cannot run (look-around, back-references) is refused when the config is written.
 */
@PluginInfo(name = "ai-prompt-guard", priority = 771)
public final class AiPromptGuardPlugin implements PreparedPlugin<AiPromptGuardPlugin.Config, AiPromptGuardPlugin.Prepared> {

  public record Config(
      @Len(max = 10) @Nullable List<@Len(min = 1, max = 500) @Check(Regex.class) String> allowPatterns,
      @Len(max = 10) @Nullable List<@Len(min = 1, max = 500) @Check(Regex.class) String> denyPatterns,
      @Default("false") boolean allowAllConversationHistory,
      @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
      @Default("false") boolean matchAllRoles,
      @Default("openai") @OneOf({"openai", "bedrock", "gemini"}) @Nullable String llmFormat) {}

  /** The compiled patterns. */
  public record Prepared(Config config, List<Pattern> allow, List<Pattern> deny) {}

  /** Refuses what RE2/J cannot compile. */
  public static final class Regex implements Validator {
    @Override
    public @Nullable String check(Object value) {
      try {
        Pattern.compile(value.toString());
        return null;
      } catch (PatternSyntaxException e) {
        return "'" + value + "' is not a valid regex";
      }
    }
  }

  @Override
  public Prepared prepare(Config c) {
    return new Prepared(c, compile(c.allowPatterns()), compile(c.denyPatterns()));
  }

  private static List<Pattern> compile(@Nullable List<String> patterns) {
    return patterns == null ? List.of() : patterns.stream().map(Pattern::compile).toList();
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != Config.class) return EntityChecks.NONE;
    return EntityChecks.NONE.atLeastOneOf("config.allow_patterns", "config.deny_patterns")
        .conditional("config.match_all_roles", Boolean.TRUE::equals, "config.allow_all_conversation_history",
            v -> Boolean.FALSE.equals(v) ? null : "value must be false");
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    return true;
  }

  @Override
  public void access(AccessPhase ctx, Prepared p) {
    Config c = p.config();
    Map<String, @Nullable Object> body = SharedRequest.get(ctx, c.maxRequestBodySize() == null ? 8192 : c.maxRequestBodySize());
    String prompts = prompts(body, c);
    if (prompts == null || !allowed(prompts, p)) {
      ctx.exit(400, Map.of("error", Map.of("message", "bad request")), Map.of());
    }
  }

  /** The prompts to check, latest first and space-separated; null when the request has none in a known format. */
  private static @Nullable String prompts(Map<String, @Nullable Object> body, Config c) {
    if (body.get("messages") instanceof List<?> messages) {
      StringBuilder b = new StringBuilder();
      for (int i = messages.size() - 1; i >= 0; i--) {
        Object m = messages.get(i);
        if (LlmJson.string(m, "role") == null) return null;
        if ("user".equals(LlmJson.string(m, "role")) || c.matchAllRoles()) {
          String content = LlmJson.string(m, "content");
          if (content == null) return null;
          b.append(content);
          if (c.allowAllConversationHistory()) break;
          b.append(' ');
        }
      }
      return b.toString();
    }
    return body.get("prompt") instanceof String prompt ? prompt : null;
  }

  private static boolean allowed(String prompts, Prepared p) {
    for (Pattern deny : p.deny()) {
      if (deny.matcher(prompts).find()) return false;
    }
    if (p.allow().isEmpty()) return true;
    for (Pattern allow : p.allow()) {
      if (allow.matcher(prompts).find()) return true;
    }
    return false;
  }
}
