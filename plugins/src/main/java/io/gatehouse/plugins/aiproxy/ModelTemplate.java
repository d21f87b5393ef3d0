package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.sdk.AccessPhase;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code merge_model_options} for the model's name: {@code $(headers.x)},
 * {@code $(uri_captures.x)} and {@code $(query_params.x)} take a value from the request.
 */
final class ModelTemplate {
  private ModelTemplate() {}

  static Model resolve(Model model, AccessPhase ctx) {
    String name = model.name();
    if (name == null) return model;
    String resolved = expand(name, ctx);
    return resolved.equals(name) ? model : new Model(model.provider(), resolved, model.options());
  }

  /** One {@code $(source.key)} expression in a string value, as Kong replaces it. */
  static String expand(String value, AccessPhase ctx) {
    int start = value.indexOf("$(");
    int end = start < 0 ? -1 : value.indexOf(')', start);
    if (end < 0) return value;
    String[] parts = value.substring(start + 2, end).split("\\.", -1);
    if (parts.length != 2) throw new LlmException("cannot parse expression for field '" + value + "'");
    String found = switch (parts[0]) {
      case "headers" -> ctx.request().header(parts[1]);
      case "uri_captures" -> ctx.uriNamedCaptures().get(parts[1]);
      case "query_params" -> first(ctx.request().queryArgs(parts[1]));
      default -> throw new LlmException("source '" + parts[0] + "' is not supported");
    };
    if (found == null) throw new LlmException(parts[0] + " key " + parts[1] + " was not provided");
    return value.substring(0, start) + found + value.substring(end + 1);
  }

  private static @Nullable String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }
}
