package io.gatehouse.plugins.functions;

import io.gatehouse.sdk.EntityChecks;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code validate_function}: every snippet must compile, in the config's {@code language};
 * the message names the plugin ({@code error parsing pre-function: …}) and sits on the element.
 */
final class SnippetSyntax {
  static final List<String> FIELDS = List.of("certificate", "rewrite", "access", "header_filter", "body_filter", "log");
  static final List<String> FIELDS_AND_LANGUAGE = List.of("certificate", "rewrite", "access", "header_filter",
      "body_filter", "log", "language");

  private SnippetSyntax() {}

  static BiConsumer<Map<String, @Nullable Object>, EntityChecks.Report> check(String plugin) {
    return (values, report) -> check(plugin, values, report);
  }

  private static void check(String plugin, Map<String, @Nullable Object> values, EntityChecks.Report report) {
    Language language = Language.of(values.get("language") instanceof String s ? s : "lua");
    for (String field : FIELDS) {
      if (!(values.get(field) instanceof List<?> sources)) {
        continue;
      }
      for (int i = 0; i < sources.size(); i++) {
        if (sources.get(i) instanceof String source) {
          String error = language.syntaxError(source);
          if (error != null) {
            report.element(field, i, "error parsing " + plugin + ": " + error);
          }
        }
      }
    }
  }
}
