package io.gatehouse.plugins.iprestriction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.IpCidr;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.Plugin;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * ip-restriction: priority 990, access only; may be scoped to a consumer. {@code deny} is checked
 * first, then {@code allow} (reference plugins §9).
 */
public final class IpRestrictionPlugin implements Plugin<IpRestrictionPlugin.Config>, Access<IpRestrictionPlugin.Config> {

  /** The config as stored (reference plugins §9). */
  public record Settings(@Nullable List<String> allow, @Nullable List<String> deny, @Nullable Double status,
      @Nullable String message) {}

  /** The config with its ranges parsed, as the handler uses it. */
  record Config(IpRanges allow, IpRanges deny, int status, @Nullable String message) {}

  @Override
  public String name() {
    return "ip-restriction";
  }

  @Override
  public int priority() {
    return 990;
  }

  /** Kong's default: {@code http, https, tcp, tls, grpc, grpcs} (the stream protocols are accepted, served by HTTP only). */
  @Override
  public Set<String> protocols() {
    return Set.of("http", "https", "tcp", "tls", "grpc", "grpcs");
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
            Field.array("allow", Field.element(Field.Type.STRING).check(v -> IpCidr.error(v.asText()))),
            Field.array("deny", Field.element(Field.Type.STRING).check(v -> IpCidr.error(v.asText()))),
            Field.number("status"),
            Field.string("message"))
        .recordCheck(EntityCheck.custom(List.of("allow", "deny"), (c, errors) -> {
          if (EntityCheck.isEmpty(c.get("allow")) && EntityCheck.isEmpty(c.get("deny"))) {
            errors.rootEntity("at least one of these fields must be non-empty: 'config.allow', 'config.deny'");
          }
        }));
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Config bind(ObjectNode config) {
    Settings s = ConfigBinding.bind(config, Settings.class);
    return new Config(IpRanges.of(s.allow()), IpRanges.of(s.deny()),
        s.status() == null ? 403 : s.status().intValue(), s.message());
  }

  @Override
  public void access(AccessContext ctx, Config config) {
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
