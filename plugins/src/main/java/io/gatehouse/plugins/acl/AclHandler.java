package io.gatehouse.plugins.acl;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Consumer;
import java.util.List;
import java.util.Map;

/** acl's access phase (reference plugins §7, Behaviour). */
final class AclHandler {
  static final String BLOCKED = "You cannot consume this service";

  private AclHandler() {}

  /** One instance's config with the snapshot's groups. */
  record Prepared(AclConfig config, ConsumerGroups groups) {}

  static void access(AccessPhase ctx, AclConfig config, ConsumerGroups groups) {
    Consumer consumer = ctx.consumer();
    boolean credential = ctx.credential() != null;
    List<String> authenticated = ctx.authenticatedGroups();
    if (consumer == null && authenticated.isEmpty()) {
      ctx.error(credential ? 403 : 401, credential ? BLOCKED : null, Map.of());
      return;
    }
    if (consumer == null || ((!credential || config.alwaysUseAuthenticatedGroups()) && !authenticated.isEmpty())) {
      decide(ctx, config, authenticated, String.join(", ", authenticated), "X-Authenticated-Groups");
      return;
    }
    ConsumerGroups.Groups mine = groups.of(ctx.route(), consumer.id());
    if (mine.names().isEmpty()) {
      if (!config.denyMode()) {
        ctx.error(credential ? 403 : 401, credential ? BLOCKED : null, Map.of());
      }
      return; // deny mode: nothing to deny
    }
    decide(ctx, config, mine.names(), mine.header(), "X-Consumer-Groups");
  }

  private static void decide(AccessPhase ctx, AclConfig config, List<String> have, String joined, String header) {
    boolean listed = false;
    for (String g : config.groups()) {
      if (have.contains(g)) {
        listed = true;
        break;
      }
    }
    if (listed == config.denyMode()) {
      ctx.error(403, BLOCKED, Map.of());
      return;
    }
    if (!config.hideGroupsHeader()) {
      ctx.upstream().setHeader(header, joined);
    }
  }
}
