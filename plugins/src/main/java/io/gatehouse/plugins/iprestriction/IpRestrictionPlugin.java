package io.gatehouse.plugins.iprestriction;

import io.gatehouse.core.entity.IpCidr;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Validator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ip-restriction: priority 990, access only; may be scoped to a consumer. {@code deny} is checked
 * first, then {@code allow} (reference plugins §9).
 */
@PluginInfo(name = "ip-restriction", priority = 990, protocols = Protocols.HTTP_AND_TCP)
public final class IpRestrictionPlugin implements PreparedPlugin<IpRestrictionPlugin.Settings, IpRestrictionPlugin.Config> {

  /** The config as stored (reference plugins §9). */
  public record Settings(@Nullable List<@Check(Cidr.class) String> allow, @Nullable List<@Check(Cidr.class) String> deny,
      @Nullable Double status, @Nullable String message) {}

  /** An IP address or CIDR range. */
  public static final class Cidr implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return IpCidr.error(value.toString());
    }
  }

  /** The config with its ranges parsed, as the handler uses it. */
  record Config(IpRanges allow, IpRanges deny, int status, @Nullable String message) {}

  /** Kong's plugin-level {@code at_least_one_of = {"config.allow", "config.deny"}}. */
  @Override
  public EntityChecks checks(Class<? extends Record> record) {
    return EntityChecks.NONE.atLeastOneOf("config.allow", "config.deny");
  }

  @Override
  public Config prepare(Settings s) {
    return new Config(IpRanges.of(s.allow()), IpRanges.of(s.deny()),
        s.status() == null ? 403 : s.status().intValue(), s.message());
  }

  @Override
  public void access(AccessPhase ctx, Config config) {
    String ip = ctx.request().forwardedIp();
    byte[] addr = IpRanges.address(ip);
    if (addr == null) {
      ctx.error(403, "Cannot identify the client IP address, unix domain sockets are not supported.", Map.of());
      return;
    }
    if (config.deny().contains(addr) || (!config.allow().isEmpty() && !config.allow().contains(addr))) {
      ctx.error(config.status(), config.message() == null ? "IP address not allowed: " + ip : config.message(), Map.of());
    }
  }
}
