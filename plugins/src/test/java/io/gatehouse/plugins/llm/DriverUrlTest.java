package io.gatehouse.plugins.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import io.gatehouse.plugins.llm.LlmConfig.ModelOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The providers' default URLs (Kong's {@code upstream_url_format} and {@code operation_map}). */
class DriverUrlTest {
  private static ModelOptions options(String instance, String deployment, String upstreamPath) {
    return new ModelOptions(null, null, null, null, null, null, null, instance, "2023-05-15", deployment, null, null, null,
        upstreamPath, null, null, null);
  }

  @Test
  void default_urls() {
    Model m = new Model("openai", "gpt-4o", null);
    assertThat(Drivers.of("openai").url(RouteType.CHAT, m, false)).isEqualTo("https://api.openai.com:443/v1/chat/completions");
    assertThat(Drivers.of("openai").url(RouteType.COMPLETIONS, m, false)).isEqualTo("https://api.openai.com:443/v1/completions");
    assertThat(Drivers.of("anthropic").url(RouteType.CHAT, m, false)).isEqualTo("https://api.anthropic.com:443/v1/messages");
    assertThat(Drivers.of("anthropic").url(RouteType.COMPLETIONS, m, false)).isEqualTo("https://api.anthropic.com:443/v1/complete");
    assertThat(Drivers.of("mistral").url(RouteType.CHAT, m, false)).isEqualTo("https://api.mistral.ai:443/v1/chat/completions");
    Model azure = new Model("azure", "gpt-4o", options("inst", "dep", null));
    assertThat(Drivers.of("azure").url(RouteType.CHAT, azure, false))
        .isEqualTo("https://inst.openai.azure.com:443/openai/deployments/dep/chat/completions");
    Model azurePath = new Model("azure", "gpt-4o", options("inst", "dep", "/embeddings"));
    assertThat(Drivers.of("azure").url(RouteType.PRESERVE, azurePath, false))
        .isEqualTo("https://inst.openai.azure.com:443/openai/deployments/dep/embeddings");
    Model gemini = new Model("gemini", "gemini-2.5-flash", null);
    assertThat(Drivers.of("gemini").url(RouteType.CHAT, gemini, false))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(Drivers.of("gemini").url(RouteType.CHAT, gemini, true))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    Model vertex = new Model("gemini", "gemini-1.5-pro", new ModelOptions(null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, new LlmConfig.GeminiOptions("us-central1-aiplatform.googleapis.com", "proj",
        "us-central1"), null, null));
    assertThat(Drivers.of("gemini").url(RouteType.CHAT, vertex, false)).isEqualTo("https://us-central1-aiplatform."
        + "googleapis.com/v1/projects/proj/locations/us-central1/publishers/google/models/gemini-1.5-pro:generateContent");
    assertThat(Drivers.of("azure").queryArgs(azure, n -> null)).isEqualTo(Map.of("api-version", "2023-05-15"));
    assertThat(Drivers.of("azure").queryArgs(azure, n -> "2024-10-21")).isEqualTo(Map.of("api-version", "2024-10-21"));
  }
}
