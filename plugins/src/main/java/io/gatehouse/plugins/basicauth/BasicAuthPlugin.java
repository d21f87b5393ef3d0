package io.gatehouse.plugins.basicauth;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugin.Scope;
import java.util.List;
import java.util.Set;

/** basic-auth: priority 1100, access only, cannot be scoped to a consumer. */
public final class BasicAuthPlugin implements Plugin<BasicAuthConfig> {

  @Override
  public String name() {
    return "basic-auth";
  }

  @Override
  public int priority() {
    return 1100;
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    return Set.of(Scope.CONSUMER);
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.string("anonymous"),
        Field.bool("hide_credentials").required().defaultValue(false),
        Field.string("realm").required().defaultValue("service"));
  }

  @Override
  public Class<BasicAuthConfig> configType() {
    return BasicAuthConfig.class;
  }

  @Override
  public List<Schema> entities() {
    return List.of(Schema.builder("basicauth_credentials")
        .adminApiName("basic-auths")
        .nestedName("basic-auth")
        .endpointKey("username")
        .fields(consumerOwned(
            Field.string("username").required().unique(),
            Field.string("password").required()))
        // Kong hashes on every write; we hash with bcrypt and leave existing bcrypt hashes alone.
        // A declarative file with _transform: false holds stored hashes (Kong's sha1 ones too).
        .skippableTransformation(e -> {
          JsonNode p = e.get("password");
          if (p != null && p.isTextual() && !PasswordHashes.isBcrypt(p.asText())) {
            e.put("password", PasswordHashes.bcrypt(p.asText()));
          }
          return e;
        })
        .build());
  }

  @Override
  public PhaseHandler<BasicAuthConfig> handler(PluginSnapshot snapshot) {
    return new BasicAuthHandler(snapshot);
  }
}
