package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Azure OpenAI: the OpenAI format at {@code https://<instance>.openai.azure.com/openai/deployments/<id>},
 * with the {@code api-version} query argument (the client's, else the configured one).
 */
final class AzureDriver implements Driver {

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public String origin(Model model) {
    var o = model.options();
    return "https://" + (o == null ? null : o.azureInstance()) + ".openai.azure.com:443/openai/deployments/"
        + (o == null ? null : o.azureDeploymentId());
  }

  @Override
  public String operationPath(RouteType type) {
    return switch (type) {
      case CHAT -> "/chat/completions";
      case COMPLETIONS -> "/completions";
      case PRESERVE -> "/";
    };
  }

  @Override
  public Map<String, String> queryArgs(Model model, Function<String, @Nullable String> clientArg) {
    String version = clientArg.apply("api-version");
    if (version == null && model.options() != null) version = model.options().azureApiVersion();
    return version == null ? Map.of() : Map.of("api-version", version);
  }

  @Override
  public Map<String, @Nullable Object> extraMeta(Model model) {
    var o = model.options();
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("azure_instance_id", o == null ? null : o.azureInstance());
    m.put("azure_deployment_id", o == null ? null : o.azureDeploymentId());
    m.put("azure_api_version", o == null ? null : o.azureApiVersion());
    return m;
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    return OpenAiDriver.openAiRequest(request, model);
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    return OpenAiDriver.checkedOpenAiAnswer(body, "azure", type);
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
