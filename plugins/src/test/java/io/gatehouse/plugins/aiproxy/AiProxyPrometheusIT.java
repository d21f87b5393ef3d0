package io.gatehouse.plugins.aiproxy;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.prometheus.PrometheusPlugin;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * prometheus with {@code ai_metrics} counts ai-proxy's calls from the log entry's {@code ai} field
 * (Kong 3.9 exporter.lua): {@code kong_ai_llm_requests_total}, {@code kong_ai_llm_tokens_total},
 * {@code kong_ai_llm_cost_total} and {@code kong_ai_llm_provider_latency_ms}.
 */
class AiProxyPrometheusIT {
  private static final String KEY = "sk-prom-key-5";

  @Test
  void ai_calls_are_counted() {
    PrometheusPlugin prometheus = new PrometheusPlugin();
    try (ProviderServer provider = new ProviderServer(KEY, "unused");
         PluginGateway gw = new PluginGateway(LoadedPlugins.of(prometheus, new AiProxyPlugin()))) {
      JsonNode route = gw.serviceAndRoute("/metered");
      gw.plugin("ai-proxy", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
          + "\"Bearer " + KEY + "\"},\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"openai\",\"name\":"
          + "\"gpt-4o\",\"options\":{\"input_cost\":10,\"output_cost\":20,\"upstream_url\":\""
          + provider.url("/v1/chat/completions") + "\"}}}", ref("route", route));
      gw.plugin("prometheus", "{\"ai_metrics\":true}", "");
      gw.apply();
      var client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gw.port() + "/metered").apiKey("x")
          .maxRetries(0).build();
      for (int i = 0; i < 2; i++) {
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
            .addUserMessage("one two three").build()); // 3 prompt tokens, "You said: one two three" 5 completion
      }
      String labels = "ai_provider=\"openai\",ai_model=\"gpt-4o\",cache_status=\"\",vector_db=\"\","
          + "embeddings_provider=\"\",embeddings_model=\"\"";
      await().atMost(Duration.ofSeconds(5)).until(() -> scrape(prometheus).contains("kong_ai_llm_requests_total{" + labels
          + ",workspace=\"default\"} 2"));
      String metrics = scrape(prometheus);
      assertThat(metrics)
          .contains("# TYPE kong_ai_llm_requests_total counter")
          .contains("kong_ai_llm_tokens_total{" + labels + ",token_type=\"prompt_tokens\",workspace=\"default\"} 6")
          .contains("kong_ai_llm_tokens_total{" + labels + ",token_type=\"completion_tokens\",workspace=\"default\"} 10")
          .contains("kong_ai_llm_tokens_total{" + labels + ",token_type=\"total_tokens\",workspace=\"default\"} 16")
          .contains("kong_ai_llm_cost_total{" + labels + ",workspace=\"default\"} 0.00026") // 2 × (3×10 + 5×20) / 1e6
          .contains("# TYPE kong_ai_llm_provider_latency_ms histogram");
    }
  }

  private static String scrape(PrometheusPlugin prometheus) {
    return (String) prometheus.adminEndpoints().getFirst().handler().apply(Map.of()).body();
  }
}
