package io.gatehouse.plugins.functioncall;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.HeaderPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers with a function's response ({@code kong.response.exit(status, body, headers)} where a
 * header may have several values). {@code exit} takes one value per name, so list-valued headers are
 * kept for the plugin's header filter, which writes one line per value ({@code Set-Cookie}).
 */
public final class FunctionAnswer {
  private static final String MULTI_VALUE_HEADERS = "functioncall:multi-value-headers";

  private FunctionAnswer() {}

  /** Call from access (or resume); the plugin's {@code headerFilter} must call {@link #headerFilter}. */
  public static void exit(AccessPhase ctx, int status, byte[] body, Map<String, List<String>> headers) {
    Map<String, String> single = new LinkedHashMap<>();
    Map<String, List<String>> multi = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      if (values.size() == 1) single.put(name, values.getFirst());
      else if (values.size() > 1) multi.put(name, List.copyOf(values));
    });
    if (!multi.isEmpty()) ctx.shared().put(MULTI_VALUE_HEADERS, multi);
    ctx.exit(status, body, single);
  }

  /** Who adds {@code Via} to a function's answer, and how (each plugin as Kong's does). */
  public enum Via {
    /** aws-lambda and azure-functions: the function's {@code Via} + {@code ", 1.1 gatehouse/<version>"}. */
    APPEND,
    /** kong-plugin-openwhisk: {@code Via} is the product token alone ({@code gatehouse/<version>}). */
    TOKEN
  }

  /**
   * {@link #exit} with the node's {@code Via} added as {@code via} says, when the {@code headers}
   * setting has it on (Kong: {@code kong.configuration.enabled_headers["Via"]}).
   */
  public static void exit(AccessPhase ctx, int status, byte[] body, Map<String, List<String>> headers, Via via) {
    String ours = ctx.request().via();
    if (ours == null) {
      exit(ctx, status, body, headers);
      return;
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> theirs = List.of();
    for (var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase("Via")) {
        theirs = e.getValue();
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    String value = switch (via) {
      case APPEND -> theirs.isEmpty() ? ours : String.join(", ", theirs) + ", " + ours;
      case TOKEN -> ours.substring(ours.indexOf(' ') + 1);
    };
    out.put("Via", List.of(value));
    exit(ctx, status, body, out);
  }

  /** Writes the list-valued headers {@link #exit} kept, one line per value. */
  @SuppressWarnings("unchecked")
  public static void headerFilter(HeaderPhase ctx) {
    if (ctx.fromUpstream() || !(ctx.shared().remove(MULTI_VALUE_HEADERS) instanceof Map<?, ?> multi)) return;
    ((Map<String, List<String>>) multi).forEach((name, values) -> {
      ctx.responseHeaders().remove(name);
      values.forEach(v -> ctx.responseHeaders().add(name, v));
    });
  }
}
