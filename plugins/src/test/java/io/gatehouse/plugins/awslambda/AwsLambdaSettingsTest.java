package io.gatehouse.plugins.awslambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.SharedCounters;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** skip_large_bodies' limit is the node's client_body_buffer_size, read as the node reads it. */
class AwsLambdaSettingsTest {
  static NodeServices node(Map<String, String> settings) {
    return new NodeServices() {
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
      }
    };
  }

  @Test
  void body_buffer_size_follows_the_node_settings() {
    AwsLambdaPlugin plugin = new AwsLambdaPlugin();
    assertThat(plugin.bodyBufferSize()).isEqualTo(8 * 1024);
    plugin.start(node(Map.of("client_body_buffer_size", "1m")));
    assertThat(plugin.bodyBufferSize()).isEqualTo(1024 * 1024);
    plugin.start(node(Map.of("client_body_buffer_size", "1m", "nginx_http_client_body_buffer_size", "16k")));
    assertThat(plugin.bodyBufferSize()).isEqualTo(16 * 1024);
    plugin.start(node(Map.of("client_body_buffer_size", "64", "nginx_http_client_body_buffer_size", "8k")));
    assertThat(plugin.bodyBufferSize()).isEqualTo(64);
    plugin.start(node(Map.of()));
    assertThat(plugin.bodyBufferSize()).isEqualTo(8 * 1024);
  }
}
