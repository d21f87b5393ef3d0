package io.gatehouse.plugins.acl;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugin.Scope;
import java.util.List;
import java.util.Set;

/** acl: priority 950, access only, cannot be scoped to a consumer. */
public final class AclPlugin implements Plugin<AclConfig> {

  @Override
  public String name() {
    return "acl";
  }

  @Override
  public int priority() {
    return 950;
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    return Set.of(Scope.CONSUMER);
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
            Field.array("allow", Field.element(Field.Type.STRING)),
            Field.array("deny", Field.element(Field.Type.STRING)),
            Field.bool("hide_groups_header").required().defaultValue(false),
            Field.bool("always_use_authenticated_groups").required().defaultValue(false))
        .recordCheck(EntityCheck.atLeastOneOf("allow", "deny"))
        .recordCheck(EntityCheck.custom(List.of("allow", "deny"), (c, errors) -> {
          if (!EntityCheck.isEmpty(c.get("allow")) && !EntityCheck.isEmpty(c.get("deny"))) {
            errors.entity("only one of these fields must be non-empty: 'allow', 'deny'");
          }
        }));
  }

  @Override
  public Class<AclConfig> configType() {
    return AclConfig.class;
  }

  @Override
  public List<Schema> entities() {
    return List.of(Schema.builder("acls")
        // group addresses an ACL under its consumer: /consumers/{c}/acls/{group} (Kong's custom endpoint)
        .endpointKey("group")
        .uniqueTogether("consumer", "group")
        .fields(consumerOwned(
            Field.string("group").required()))
        .build());
  }

  @Override
  public PhaseHandler<AclConfig> handler(PluginSnapshot snapshot) {
    return new AclHandler(ConsumerGroups.of(snapshot));
  }
}
