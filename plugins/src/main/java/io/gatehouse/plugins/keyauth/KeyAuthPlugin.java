package io.gatehouse.plugins.keyauth;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;
import static io.gatehouse.core.entity.Typedefs.headerName;

import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugin.Scope;
import java.util.List;
import java.util.Set;

/** key-auth: priority 1250, access only, cannot be scoped to a consumer. */
public final class KeyAuthPlugin implements Plugin<KeyAuthConfig> {

  @Override
  public String name() {
    return "key-auth";
  }

  @Override
  public int priority() {
    return 1250;
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    return Set.of(Scope.CONSUMER);
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.array("key_names", Field.element(Field.Type.STRING).check(headerName())).required()
            .defaultValue(List.of("apikey")),
        Field.bool("hide_credentials").required().defaultValue(false),
        Field.string("anonymous"),
        Field.bool("key_in_header").required().defaultValue(true),
        Field.bool("key_in_query").required().defaultValue(true),
        Field.bool("key_in_body").required().defaultValue(false),
        Field.bool("run_on_preflight").required().defaultValue(true),
        Field.string("realm"));
  }

  @Override
  public Class<KeyAuthConfig> configType() {
    return KeyAuthConfig.class;
  }

  @Override
  public List<Schema> entities() {
    return List.of(Schema.builder("keyauth_credentials")
        .adminApiName("key-auths")
        .nestedName("key-auth")
        .endpointKey("key")
        .ttl()
        .fields(consumerOwned(
            Field.string("key").unique().auto()))
        .build());
  }

  @Override
  public PhaseHandler<KeyAuthConfig> handler(PluginSnapshot snapshot) {
    return new KeyAuthHandler(snapshot, KeyIndex.of(snapshot));
  }
}
