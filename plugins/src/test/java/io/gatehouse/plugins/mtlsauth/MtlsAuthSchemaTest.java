package io.gatehouse.plugins.mtlsauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.proxy.plugins.LoadedPlugin;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** mtls-auth's config and credential schemas: the fields, types and defaults of Kong Enterprise 3.9's plugin. */
class MtlsAuthSchemaTest {
  private final LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new MtlsAuthPlugin()).find("mtls-auth");

  @Test
  void config_fields_and_defaults() {
    Field kong = Field.record("config",
        Field.string("anonymous"),
        Field.array("consumer_by", Field.element(Field.Type.STRING).oneOf("username", "custom_id")).required()
            .defaultValue(java.util.List.of("username", "custom_id")),
        Field.array("ca_certificates", Field.element(Field.Type.STRING)).required(),
        Field.number("cache_ttl").required().defaultValue(60),
        Field.bool("skip_consumer_lookup").required().defaultValue(false),
        Field.bool("allow_partial_chain").required().defaultValue(false),
        Field.string("authenticated_group_by").oneOf("CN", "DN").defaultValue("CN"),
        Field.string("revocation_check_mode").oneOf("SKIP", "IGNORE_CA_ERROR", "STRICT").required().defaultValue("IGNORE_CA_ERROR"),
        Field.number("http_timeout").required().defaultValue(30000),
        Field.number("cert_cache_ttl").required().defaultValue(60000),
        Field.bool("send_ca_dn").required().defaultValue(false)
            .description("The TLS CertificateRequest names this instance's CA certificates as acceptable issuers;"
                + " the names of every enabled instance with it go into every handshake"),
        Field.string("default_consumer"),
        Typedefs.host("http_proxy_host"),
        Field.integer("http_proxy_port").between(0, 65535),
        Typedefs.host("https_proxy_host"),
        Field.integer("https_proxy_port").between(0, 65535));
    assertThat(plugin.configSchema().describe()).isEqualTo(kong.describe());
    assertThat(plugin.priority()).isEqualTo(1600);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
    assertThat(plugin.asksClientCertificate()).isTrue();
  }

  @Test
  void credentials_reference_a_ca_certificate() {
    Schema credentials = plugin.entities().getFirst();
    assertThat(credentials.name()).isEqualTo("mtls_auth_credentials");
    assertThat(credentials.adminApiName()).isEqualTo("mtls-auths");
    assertThat(credentials.nestedName()).isEqualTo("mtls-auth");
    assertThat(credentials.field("subject_name").describe().toString()).contains("\"required\":true");
    assertThat(credentials.field("ca_certificate").describe().toString())
        .contains("\"type\":\"foreign\"").contains("\"reference\":\"ca_certificates\"");
  }
}
