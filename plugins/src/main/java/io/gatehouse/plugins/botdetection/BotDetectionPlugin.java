package io.gatehouse.plugins.botdetection;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * bot-detection: priority 2500, access only; cannot be scoped to a consumer. {@code allow} wins over
 * everything, then {@code deny}, then the built-in list (reference plugins §11).
 */
@PluginInfo(name = "bot-detection", priority = 2500, forbiddenScopes = Scope.CONSUMER)
public final class BotDetectionPlugin implements PreparedPlugin<BotDetectionPlugin.Settings, BotDetectionPlugin.Config> {
  private static final int CACHE_SIZE = 10_000;

  /** The config as stored. */
  public record Settings(
      @Default({}) @Nullable List<@Check(Regex.class) String> allow,
      @Default({}) @Nullable List<@Check(Regex.class) String> deny) {}

  /** A pattern that compiles. */
  public static final class Regex implements Validator {
    @Override
    public @Nullable String check(Object value) {
      try {
        Pattern.compile(value.toString());
        return null;
      } catch (PatternSyntaxException e) {
        return "not a valid regex: " + value;
      }
    }
  }

  /**
   * The config with its patterns compiled, and a per-config verdict cache like Kong's LRU (cleared
   * when full; a new snapshot starts a new one).
   */
  record Config(@Nullable Pattern allow, @Nullable Pattern deny, Map<String, Boolean> verdicts) {
    boolean blocked(String userAgent) {
      Boolean known = verdicts.get(userAgent);
      if (known != null) {
        return known;
      }
      boolean verdict = !(allow != null && allow.matcher(userAgent).find())
          && ((deny != null && deny.matcher(userAgent).find()) || BotRules.BUILT_IN.matcher(userAgent).find());
      if (verdicts.size() >= CACHE_SIZE) {
        verdicts.clear();
      }
      verdicts.put(userAgent, verdict);
      return verdict;
    }
  }

  @Override
  public Config prepare(Settings s) {
    return new Config(union(s.allow()), union(s.deny()), new ConcurrentHashMap<>());
  }

  private static @Nullable Pattern union(@Nullable List<String> patterns) {
    return patterns == null || patterns.isEmpty() ? null : Pattern.compile("(?:" + String.join(")|(?:", patterns) + ")");
  }

  @Override
  public void access(AccessPhase ctx, Config config) {
    List<String> agents = ctx.request().headers("User-Agent");
    if (agents.isEmpty()) {
      return;
    }
    if (agents.size() > 1) {
      ctx.error(400, "Only one User-Agent header allowed", Map.of());
      return;
    }
    if (config.blocked(agents.getFirst().strip())) {
      ctx.error(403, null, Map.of());
    }
  }
}
