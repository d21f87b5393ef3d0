package io.gatehouse.plugins.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks on a log entry that every logging plugin's IT shares: the shape of Kong's serializer. */
public final class LogEntryAssert {
  private LogEntryAssert() {}

  /**
   * An entry for a request the echo upstream answered: request, upstream_uri/status, response,
   * latencies, tries, route and service, client_ip, started_at, source.
   */
  public static void assertProxied(JsonNode entry, String uri, JsonNode route, String upstreamUri) {
    JsonNode request = entry.get("request");
    assertThat(request.get("method").asText()).isEqualTo("GET");
    assertThat(request.get("uri").asText()).isEqualTo(uri);
    assertThat(request.get("url").asText()).startsWith("http://127.0.0.1:").endsWith(uri);
    assertThat(request.get("id").asText()).matches("[0-9a-f]{32}");
    assertThat(request.get("headers").get("host").asText()).startsWith("127.0.0.1:");
    assertThat(request.get("size").asLong()).isGreaterThan(uri.length());
    assertThat(request.get("querystring").isObject()).isTrue();
    assertThat(entry.get("upstream_uri").asText()).isEqualTo(upstreamUri);
    assertThat(entry.get("upstream_status").asText()).isEqualTo("200");
    JsonNode response = entry.get("response");
    assertThat(response.get("status").asInt()).isEqualTo(200);
    assertThat(response.get("headers").get("content-type").asText()).isNotEmpty();
    assertThat(response.get("headers").get("x-kong-request-id").asText()).isEqualTo(request.get("id").asText());
    assertThat(response.get("size").asLong()).isGreaterThan(response.get("headers").get("content-length").asLong());
    JsonNode latencies = entry.get("latencies");
    assertThat(latencies.get("kong").asLong()).isNotNegative();
    assertThat(latencies.get("proxy").asLong()).isNotNegative();
    assertThat(latencies.get("request").asLong()).isGreaterThanOrEqualTo(latencies.get("proxy").asLong());
    assertThat(latencies.get("receive").asLong()).isNotNegative();
    assertThat(entry.get("tries")).hasSize(1);
    assertThat(entry.get("tries").get(0).get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.get("route").get("id").asText()).isEqualTo(PluginGateway.id(route));
    assertThat(entry.get("route").get("paths")).isEqualTo(route.get("paths"));
    assertThat(entry.get("service").get("id").asText()).isEqualTo(route.get("service").get("id").asText());
    assertThat(entry.get("service").get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.get("client_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.get("started_at").asLong()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    assertThat(entry.get("source").asText()).isEqualTo("upstream");
  }
}
