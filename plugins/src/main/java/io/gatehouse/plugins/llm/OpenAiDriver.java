package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** OpenAI: the format itself, so requests get the model and {@code stream} set and answers pass as they are. */
final class OpenAiDriver implements Driver {

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String origin(Model model) {
    return "https://api.openai.com:443";
  }

  @Override
  public String operationPath(RouteType type) {
    return switch (type) {
      case CHAT -> "/v1/chat/completions";
      case COMPLETIONS -> "/v1/completions";
      case PRESERVE -> "/";
    };
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    return openAiRequest(request, model);
  }

  /** Kong's openai transformer: model from config, {@code stream} explicit, {@code top_k} removed. */
  static Map<String, @Nullable Object> openAiRequest(Map<String, @Nullable Object> request, Model model) {
    if (model.name() != null) request.put("model", model.name());
    if (!(request.get("stream") instanceof Boolean)) request.put("stream", false);
    request.remove("top_k");
    return request;
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    return checkedOpenAiAnswer(body, name(), type);
  }

  /** An OpenAI-format answer passes as it is once it is JSON with {@code choices}. */
  static byte[] checkedOpenAiAnswer(byte[] body, String provider, RouteType type) {
    Map<String, @Nullable Object> answer = LlmJson.object(body);
    if (answer == null) {
      throw Translation.fromFailure(provider, type.kong(), "failed to decode " + type.kong() + " response");
    }
    if (!answer.containsKey("choices")) {
      throw Translation.fromFailure(provider, type.kong(), "'choices' not in " + type.kong() + " response");
    }
    return body;
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    return event -> StreamTranslator.Frame.data(event.data());
  }

  @Override
  public boolean clearsSetCookie() {
    return true;
  }

  @Override
  public boolean gzipAnswers() {
    return true; // Kong: "gzip, identity", so no brotli
  }
}
