package io.gatehouse.plugins.acl;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import java.util.List;

/** acl: priority 950, access only, cannot be scoped to a consumer. */
@PluginInfo(name = "acl", priority = 950, forbiddenScopes = Scope.CONSUMER)
public final class AclPlugin implements PreparedPlugin<AclConfig, AclHandler.Prepared> {

  /**
   * A consumer's group: {@code /acls}, {@code /consumers/{c}/acls/{group}} (group addresses an ACL
   * under its consumer, Kong's custom endpoint).
   */
  @Entity(table = "acls", endpointKey = "group", uniqueTogether = {"consumer", "group"})
  public record Acl(String group) {}

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(Acl.class);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> record) {
    return record == AclConfig.class
        ? EntityChecks.NONE.atLeastOneOf("allow", "deny").onlyOneOf("allow", "deny")
        : EntityChecks.NONE;
  }

  @Override
  public AclHandler.Prepared prepare(AclConfig config, Snapshot snapshot) {
    return new AclHandler.Prepared(config, snapshot.shared(ConsumerGroups.class, ConsumerGroups::of));
  }

  @Override
  public void access(AccessPhase ctx, AclHandler.Prepared prepared) {
    AclHandler.access(ctx, prepared.config(), prepared.groups());
  }
}
