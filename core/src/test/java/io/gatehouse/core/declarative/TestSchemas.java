package io.gatehouse.core.declarative;

import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.util.List;

/** The core registry plus three stand-in plugins and a test-only plugin-owned credential table. */
final class TestSchemas {
  private TestSchemas() {}

  static SchemaRegistry registry() {
    PluginCatalog plugins = new PluginCatalog()
        .add(new PluginCatalog.Entry("key-auth", "1.0", 1250,
            Field.record("config", Field.array("key_names", Field.element(Field.Type.STRING)).defaultValue(List.of("apikey"))),
            List.of("consumer")))
        .add(new PluginCatalog.Entry("rate-limiting", "1.0", 910,
            Field.record("config", Field.number("minute"), Field.string("policy").defaultValue("local")), List.of()))
        .add(new PluginCatalog.Entry("request-transformer", "1.0", 801,
            Field.record("config", Field.string("header")), List.of()));
    return CoreEntities.registry(plugins).register(keyauthCredentials());
  }

  /** Shaped like Kong's key-auth DAO: registered after the core, as a plugin would. */
  static Schema keyauthCredentials() {
    return Schema.builder("keyauth_credentials")
        .endpointKey("key")
        .adminApiName("key-auths")
        .nestedName("key-auth")
        .ttl()
        .fields(
            io.gatehouse.core.entity.Typedefs.id(),
            io.gatehouse.core.entity.Typedefs.createdAt(),
            Field.foreign("consumer", "consumers", OnDelete.CASCADE).required(),
            Field.string("key").required().unique(),
            io.gatehouse.core.entity.Typedefs.tags())
        .build();
  }
}
