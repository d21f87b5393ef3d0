package io.gatehouse.plugins.llm;

import io.gatehouse.sdk.EntityChecks;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Kong's entity checks of the LLM config ({@code kong/llm/schemas}) and of ai-proxy's {@code llm_format}. */
public final class LlmChecks {
  private LlmChecks() {}

  /** The checks reported on {@code config} ({@code config.@entity}). */
  public static EntityChecks llm() {
    return EntityChecks.NONE.reporting(List.of("route_type", "auth", "model", "logging"), (v, report) -> {
      Map<?, ?> auth = v.get("auth") instanceof Map<?, ?> a ? a : Map.of();
      Map<?, ?> model = v.get("model") instanceof Map<?, ?> m ? m : Map.of();
      Map<?, ?> options = model.get("options") instanceof Map<?, ?> o ? o : Map.of();
      Map<?, ?> logging = v.get("logging") instanceof Map<?, ?> l ? l : Map.of();
      Object provider = model.get("provider");
      if (("bedrock".equals(provider) || "gemini".equals(provider)) && Boolean.TRUE.equals(auth.get("allow_override"))) {
        report.entity("bedrock and gemini only support auth.allow_override = false");
      }
      mutuallyRequired(report, auth, "auth.", "header_name", "header_value");
      mutuallyRequired(report, auth, "auth.", "param_name", "param_value", "param_location");
      needs(report, provider, "llama2", options, "llama2_format", "must set %s for llama2 provider");
      needs(report, provider, "mistral", options, "mistral_format", "must set %s for mistral provider");
      needs(report, provider, "anthropic", options, "anthropic_version", "must set %s for anthropic provider");
      needs(report, provider, "azure", options, "azure_instance", "must set %s for azure provider");
      needs(report, provider, "azure", options, "azure_api_version", "must set %s for azure provider");
      needs(report, provider, "azure", options, "azure_deployment_id", "must set %s for azure provider");
      needs(report, provider, "llama2", options, "upstream_url", "must set %s for self-hosted providers/models");
      if (Boolean.TRUE.equals(logging.get("log_statistics")) && "llm/v1/completions".equals(v.get("route_type"))
          && "anthropic".equals(provider)) {
        report.entity("anthropic does not support statistics when route_type is llm/v1/completions");
      }
    });
  }

  /** ai-proxy's plugin-level checks of {@code llm_format} (reported on the plugin). */
  public static EntityChecks format(EntityChecks base) {
    return base
        .custom(List.of("config.llm_format", "config.route_type"), v -> native_(v.get("config.llm_format"))
            && !"llm/v1/chat".equals(v.get("config.route_type"))
            ? "native provider options in llm_format can only be used with the 'llm/v1/chat' route_type" : null)
        .custom(List.of("config.llm_format", "config.model"), v -> {
          Object format = v.get("config.llm_format");
          Object provider = v.get("config.model") instanceof Map<?, ?> m ? m.get("provider") : null;
          return native_(format) && !Objects.equals(format, provider)
              ? "native llm_format '" + format + "' can only be used with the '" + format + "' model.provider" : null;
        });
  }

  /** The Gemini options' own check. */
  public static EntityChecks gemini() {
    return EntityChecks.NONE.reporting(List.of("api_endpoint", "project_id", "location_id"),
        (v, report) -> mutuallyRequired(report, v, "", "api_endpoint", "project_id", "location_id"));
  }

  private static boolean native_(@Nullable Object format) {
    return "bedrock".equals(format) || "gemini".equals(format);
  }

  private static void mutuallyRequired(EntityChecks.Report report, Map<?, ?> record, String prefix, String... fields) {
    long set = java.util.Arrays.stream(fields).filter(f -> record.get(f) != null).count();
    if (set != 0 && set != fields.length) {
      StringBuilder names = new StringBuilder();
      for (String f : fields) names.append(names.isEmpty() ? "" : ", ").append('\'').append(prefix).append(f).append('\'');
      report.entity("all or none of these fields must be set: " + names);
    }
  }

  private static void needs(EntityChecks.Report report, @Nullable Object provider, String when, Map<?, ?> options,
      String field, String message) {
    if (when.equals(provider) && (options.get(field) == null || "".equals(options.get(field)))) {
      report.entity(message.formatted("'model.options." + field + "'"));
    }
  }
}
