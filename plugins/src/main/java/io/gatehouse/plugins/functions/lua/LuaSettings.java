package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.NodeServices;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kong's {@code untrusted_lua}, {@code untrusted_lua_sandbox_requires} and
 * {@code untrusted_lua_sandbox_environment} settings (kong.conf; default {@code sandbox}).
 */
public record LuaSettings(Mode mode, Set<String> requires, List<String> environment, long quota) {
  /** Kong's sandbox quota default ({@code kong-lua-sandbox}: 500000 VM instructions per call). */
  public static final long KONG_QUOTA = 500_000;

  public static final LuaSettings DEFAULT = new LuaSettings(Mode.SANDBOX, Set.of(), List.of(), KONG_QUOTA);

  /** {@code untrusted_lua}. */
  public enum Mode {
    /** No Lua runs: every snippet fails with Kong's message. */
    OFF,
    /** Kong's sandbox: safe standard functions, {@code kong}, {@code ngx}, allow-listed requires. */
    SANDBOX,
    /** Unrestricted globals (Gatehouse still applies the instruction budget). */
    ON
  }

  public LuaSettings {
    requires = Set.copyOf(requires);
    environment = List.copyOf(environment);
  }

  public static LuaSettings from(NodeServices node) {
    Mode mode = node.setting("untrusted_lua").map(s -> Mode.valueOf(s.strip().toUpperCase(Locale.ROOT))).orElse(Mode.SANDBOX);
    return new LuaSettings(mode, Set.copyOf(list(node, "untrusted_lua_sandbox_requires")),
        list(node, "untrusted_lua_sandbox_environment"), KONG_QUOTA);
  }

  public LuaSettings withMode(Mode m) {
    return new LuaSettings(m, requires, environment, quota);
  }

  private static List<String> list(NodeServices node, String name) {
    return node.setting(name).map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty())
        .collect(Collectors.toList())).orElse(List.of());
  }
}
