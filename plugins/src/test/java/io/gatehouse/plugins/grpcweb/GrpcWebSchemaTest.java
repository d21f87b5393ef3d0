package io.gatehouse.plugins.grpcweb;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** grpc-web's config as Kong 3.9's kong/plugins/grpc-web/schema.lua declares it; priority 3. */
class GrpcWebSchemaTest {

  @Test
  void schemaIsKongs() {
    Field kong = Field.record("config",
        Field.string("proto"),
        Field.bool("pass_stripped_path"),
        Field.string("allow_origin_header").defaultValue("*"));
    var plugin = LoadedPlugins.of(new GrpcWebPlugin()).find("grpc-web");
    SchemaAssert.sameConfig(plugin.configSchema(), kong, "{}", "{\"pass_stripped_path\":true}",
        "{\"allow_origin_header\":null}", "{\"proto\":\"/x.proto\",\"allow_origin_header\":\"https://a.test\"}");
    assertThat(plugin.priority()).isEqualTo(3);
  }
}
