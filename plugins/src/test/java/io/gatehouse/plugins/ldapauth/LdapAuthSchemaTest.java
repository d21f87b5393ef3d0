package io.gatehouse.plugins.ldapauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugin;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ldap-auth's schema is Kong 3.9's (kong/plugins/ldap-auth/schema.lua, spec 02-schema_spec.lua). */
class LdapAuthSchemaTest {
  private final LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new LdapAuthPlugin()).find("ldap-auth");

  @Test
  void fields_types_and_defaults_are_kongs() {
    Field kong = Field.record("config",
        Typedefs.host("ldap_host").required(),
        Typedefs.port("ldap_port").required().defaultValue(389),
        Field.bool("ldaps").required().defaultValue(false),
        Field.bool("start_tls").required().defaultValue(false),
        Field.bool("verify_ldap_host").required().defaultValue(false),
        Field.string("base_dn").required(),
        Field.string("attribute").required(),
        Field.number("cache_ttl").required().defaultValue(60),
        Field.bool("hide_credentials").required().defaultValue(false),
        Field.number("timeout").defaultValue(10000),
        Field.number("keepalive").defaultValue(60000),
        Field.string("anonymous"),
        Field.string("header_type").defaultValue("ldap"),
        Field.string("realm"))
        // Kong's conditional with then_err, rendered as our custom check over the same two fields
        .recordCheck(EntityCheck.custom(List.of("ldaps", "start_tls"), (c, errors) -> {}));
    assertThat(plugin.configSchema().describe()).isEqualTo(kong.describe());
    assertThat(plugin.priority()).isEqualTo(1200);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void ldaps_and_start_tls_exclude_each_other() {
    String both = SchemaAssert.configErrors(plugin.configSchema(),
        "{\"ldap_host\":\"none\",\"ldap_port\":389,\"ldaps\":true,\"start_tls\":true,\"base_dn\":\"ou=users\",\"attribute\":\"cn\"}");
    assertThat(both).contains("\"@entity\":[\"'ldaps' and 'start_tls' cannot be enabled simultaneously\"]")
        .contains("\"start_tls\":\"value must be false\"");
    for (String fine : new String[] {"{\"ldaps\":true,\"start_tls\":false}", "{\"ldaps\":false,\"start_tls\":true}"}) {
      assertThat(SchemaAssert.configErrors(plugin.configSchema(), fine)).as(fine).isEqualTo("{\"config\":{},\"root\":{}}");
    }
  }
}
