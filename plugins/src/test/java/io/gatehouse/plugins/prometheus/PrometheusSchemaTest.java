package io.gatehouse.plugins.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.Field;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** prometheus's schema is Kong 3.9's ({@code kong/plugins/prometheus/schema.lua}): six optional booleans, default false. */
class PrometheusSchemaTest {

  @Test
  void kongs_fields_defaults_priority_and_protocols() {
    Field kong = Field.record("config",
        Field.bool("per_consumer").defaultValue(false),
        Field.bool("status_code_metrics").defaultValue(false),
        Field.bool("ai_metrics").defaultValue(false),
        Field.bool("latency_metrics").defaultValue(false),
        Field.bool("bandwidth_metrics").defaultValue(false),
        Field.bool("upstream_health_metrics").defaultValue(false));
    var plugin = LoadedPlugins.of(new PrometheusPlugin()).find("prometheus");
    assertThat(plugin.configSchema().describe()).isEqualTo(kong.describe());
    assertThat(plugin.priority()).isEqualTo(13);
    assertThat(plugin.forbiddenScopes()).isEmpty();
    assertThat(plugin.protocols()).containsExactlyInAnyOrder("grpc", "grpcs", "http", "https", "tcp", "tls",
        "tls_passthrough", "udp", "ws", "wss");
  }
}
