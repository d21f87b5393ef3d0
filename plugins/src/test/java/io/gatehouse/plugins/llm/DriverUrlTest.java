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
    assertThat(Drivers.of("openai").url(RouteType.CHAT, m)).isEqualTo("https://api.openai.com:443/v1/chat/completions");
    assertThat(Drivers.of("openai").url(RouteType.COMPLETIONS, m)).isEqualTo("https://api.openai.com:443/v1/completions");
    assertThat(Drivers.of("anthropic").url(RouteType.CHAT, m)).isEqualTo("https://api.anthropic.com:443/v1/messages");
    assertThat(Drivers.of("anthropic").url(RouteType.COMPLETIONS, m)).isEqualTo("https://api.anthropic.com:443/v1/complete");
    assertThat(Drivers.of("mistral").url(RouteType.CHAT, m)).isEqualTo("https://api.mistral.ai:443/v1/chat/completions");
    Model azure = new Model("azure", "gpt-4o", options("inst", "dep", null));
    assertThat(Drivers.of("azure").url(RouteType.CHAT, azure))
        .isEqualTo("https://inst.openai.azure.com:443/openai/deployments/dep/chat/completions");
    Model azurePath = new Model("azure", "gpt-4o", options("inst", "dep", "/embeddings"));
    assertThat(Drivers.of("azure").url(RouteType.PRESERVE, azurePath))
        .isEqualTo("https://inst.openai.azure.com:443/openai/deployments/dep/embeddings");
    assertThat(Drivers.of("azure").queryArgs(azure, n -> null)).isEqualTo(Map.of("api-version", "2023-05-15"));
    assertThat(Drivers.of("azure").queryArgs(azure, n -> "2024-10-21")).isEqualTo(Map.of("api-version", "2024-10-21"));
  }
}
