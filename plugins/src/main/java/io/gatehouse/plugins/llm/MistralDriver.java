package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Mistral: La Plateforme's OpenAI-compatible API ({@code mistral_format: openai}) or an Ollama server ({@code ollama}). */
final class MistralDriver implements Driver {

  @Override
  public String name() {
    return "mistral";
  }

  @Override
  public String origin(Model model) {
    return "https://api.mistral.ai:443";
  }

  @Override
  public String operationPath(RouteType type) {
    return type == RouteType.CHAT ? "/v1/chat/completions" : "/";
  }

  private static boolean ollama(Model model) {
    return model.options() != null && "ollama".equals(model.options().mistralFormat());
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    return ollama(model) ? OllamaFormat.request(request, model) : OpenAiDriver.openAiRequest(request, model);
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    return ollama(model) ? OllamaFormat.answer(body, model, type, name())
        : OpenAiDriver.checkedOpenAiAnswer(body, name(), type);
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    return ollama(model) ? OllamaFormat.stream(type) : event -> StreamTranslator.Frame.data(event.data());
  }

  @Override
  public boolean clearsSetCookie() {
    return true;
  }
}
