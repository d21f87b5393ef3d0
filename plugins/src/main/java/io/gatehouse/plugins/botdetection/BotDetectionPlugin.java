package io.gatehouse.plugins.botdetection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.Scope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * bot-detection: priority 2500, access only; cannot be scoped to a consumer. {@code allow} wins over
 * everything, then {@code deny}, then the built-in list (reference plugins §11).
 */
public final class BotDetectionPlugin implements Plugin<BotDetectionPlugin.Config>, Access<BotDetectionPlugin.Config> {
  private static final int CACHE_SIZE = 10_000;

  /** The config as stored. */
  public record Settings(@Nullable List<String> allow, @Nullable List<String> deny) {}

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
  public String name() {
    return "bot-detection";
  }

  @Override
  public int priority() {
    return 2500;
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    return Set.of(Scope.CONSUMER);
  }

  @Override
  public Field configSchema() {
    Field.Check regex = v -> {
      try {
        Pattern.compile(v.asText());
        return null;
      } catch (PatternSyntaxException e) {
        return "not a valid regex: " + v.asText();
      }
    };
    return Field.record("config",
        Field.array("allow", Field.element(Field.Type.STRING).check(regex)).defaultValue(List.of()),
        Field.array("deny", Field.element(Field.Type.STRING).check(regex)).defaultValue(List.of()));
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Config bind(ObjectNode config) {
    Settings s = ConfigBinding.bind(config, Settings.class);
    return new Config(union(s.allow()), union(s.deny()), new ConcurrentHashMap<>());
  }

  private static @Nullable Pattern union(@Nullable List<String> patterns) {
    return patterns == null || patterns.isEmpty() ? null : Pattern.compile("(?:" + String.join(")|(?:", patterns) + ")");
  }

  @Override
  public void access(AccessContext ctx, Config config) {
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
