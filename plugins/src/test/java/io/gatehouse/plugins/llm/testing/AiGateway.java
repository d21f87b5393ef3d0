package io.gatehouse.plugins.llm.testing;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What every AI integration test starts: a {@link ProviderServer} on loopback, a gateway running
 * the bundled plugins, a file-log file the AI routes log to, and the official OpenAI Java client
 * pointed at a route. {@code ai.route("/chat", config)} adds a route with ai-proxy and file-log.
 */
public final class AiGateway implements AutoCloseable {
  private final ProviderServer provider;
  private final PluginGateway gw;
  private final Path log;

  /** A provider accepting these keys (OpenAI-style and Anthropic/Bedrock secret) and a gateway. */
  public AiGateway(String openAiKey, String anthropicKey) {
    this(new ProviderServer(openAiKey, anthropicKey), new PluginGateway());
  }

  public AiGateway(ProviderServer provider, PluginGateway gw) {
    this.provider = provider;
    this.gw = gw;
    try {
      this.log = Files.createTempFile("ai-gateway", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ProviderServer provider() {
    return provider;
  }

  public PluginGateway gateway() {
    return gw;
  }

  /** The file-log file of the routes added by {@link #route}. */
  public Path log() {
    return log;
  }

  /** A route at {@code path} with ai-proxy under this config and file-log; returns the route. */
  public JsonNode route(String path, String aiProxyConfig) {
    return route(path, "ai-proxy", aiProxyConfig);
  }

  /** A route at {@code path} with this AI plugin and file-log; returns the route. */
  public JsonNode route(String path, String plugin, String config) {
    JsonNode route = gw.serviceAndRoute(path);
    gw.plugin(plugin, config, ref("route", route));
    gw.plugin("file-log", "{\"path\":\"" + log + "\"}", ref("route", route));
    return route;
  }

  /** Makes the gateway serve what was added. */
  public void apply() {
    gw.apply();
  }

  /** The provider's URL for a path. */
  public String url(String path) {
    return provider.url(path);
  }

  /** The official OpenAI client with the route as base URL and a key of the client's own. */
  public OpenAIClient client(String route) {
    return client(route, "sk-client-own-key");
  }

  public OpenAIClient client(String route, String apiKey) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gw.port() + route).apiKey(apiKey)
        .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
  }

  /** The log entry of a request, by its id, once file-log wrote it. */
  public JsonNode logEntry(String requestId) {
    JsonNode[] found = new JsonNode[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (String line : Files.readAllLines(log)) {
        JsonNode e = Json.parse(line);
        if (requestId.equals(e.path("request").path("id").asText())) found[0] = e;
      }
      return found[0] != null;
    });
    return found[0];
  }

  @Override
  public void close() {
    gw.close();
    provider.close();
  }
}
