package io.gatehouse.plugins.grpcgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** grpc-gateway's config as Kong 3.9's kong/plugins/grpc-gateway/schema.lua declares it; priority 998. */
class GrpcGatewaySchemaTest {

  @Test
  void schemaIsKongs() {
    Field kong = Field.record("config", Field.string("proto"));
    var plugin = LoadedPlugins.of(new GrpcGatewayPlugin()).find("grpc-gateway");
    SchemaAssert.sameConfig(plugin.configSchema(), kong, "{}", "{\"proto\":\"/x.proto\"}", "{\"proto\":null}");
    assertThat(plugin.priority()).isEqualTo(998);
  }

  @Test
  void grpcStatusMapIsKongs() {
    int[][] table = {{0, 200}, {1, 499}, {2, 500}, {3, 400}, {4, 504}, {5, 404}, {6, 409}, {7, 403}, {8, 429},
        {9, 400}, {10, 409}, {11, 400}, {12, 500}, {13, 500}, {14, 503}, {15, 500}, {16, 401}, {17, 500}};
    for (int[] row : table) assertThat(GrpcGatewayPlugin.httpStatus(row[0])).as("grpc-status " + row[0]).isEqualTo(row[1]);
  }
}
