package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import io.gatehouse.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One {@code call-log} plugin instance's capture and redaction rules, compiled once; renders a
 * {@link CapturedPayload} into the four payload columns on the writer thread. Redaction fails
 * closed: a JSON body that must be redacted by path but cannot be parsed (cut at the size limit,
 * not JSON) is not stored.
 */
final class PayloadRules {
  static final String REDACTED = "[REDACTED]";

  final boolean headers;
  final boolean requestBody;
  final boolean responseBody;
  final int maxBodyBytes;
  private final Set<String> redactHeaders;
  private final List<String[]> jsonPaths;
  private final List<Pattern> patterns;

  PayloadRules(boolean headers, boolean requestBody, boolean responseBody, int maxBodyBytes,
      List<String> redactHeaders, List<String> jsonPaths, List<String> patterns) {
    this.headers = headers;
    this.requestBody = requestBody;
    this.responseBody = responseBody;
    this.maxBodyBytes = maxBodyBytes;
    this.redactHeaders = redactHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.jsonPaths = jsonPaths.stream().map(PayloadRules::splitPath).toList();
    this.patterns = patterns.stream().map(Pattern::compile).toList();
  }

  /** {@code $.a.b[*].c}, {@code a.b.*.c}: the keys of one path ({@code *} any key or element). */
  static String[] splitPath(String path) {
    String p = path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
    p = p.replace("[*]", ".*").replaceAll("\\[(\\d+)]", ".$1");
    String[] keys = Arrays.stream(p.split("\\.")).filter(k -> !k.isEmpty()).toArray(String[]::new);
    if (keys.length == 0) throw new IllegalArgumentException("empty JSON path: '" + path + "'");
    return keys;
  }

  /** The payload columns: request headers, request body, response headers, response body. */
  String[] render(CapturedPayload p) {
    return new String[] {
      headers(p.requestHeaders()),
      body(p.requestBody(), p.requestBodyBytes(), p.requestContentType()),
      headers(p.responseHeaders()),
      body(p.responseBody(), p.responseBodyBytes(), p.responseContentType())
    };
  }

  private @Nullable String headers(@Nullable Map<String, List<String>> h) {
    if (h == null) return null;
    ObjectNode o = Json.object();
    for (var e : new TreeMap<>(h).entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      List<String> values = redactHeaders.contains(name) ? List.of(REDACTED) : e.getValue();
      if (values.size() == 1) {
        o.put(name, values.getFirst());
      } else {
        ArrayNode a = o.putArray(name);
        values.forEach(a::add);
      }
    }
    return o.toString();
  }

  private @Nullable String body(byte @Nullable [] bytes, long total, @Nullable String contentType) {
    if (bytes == null) return null;
    boolean cut = total > bytes.length;
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!jsonPaths.isEmpty() && isJson(contentType)) {
      JsonNode tree;
      try {
        tree = cut ? null : Json.MAPPER.readTree(text);
      } catch (Exception e) {
        tree = null;
      }
      if (tree == null) return "[not stored: a JSON body that cannot be redacted (" + total + " bytes)]";
      for (String[] path : jsonPaths) redact(tree, path, 0);
      text = tree.toString();
    }
    for (Pattern pattern : patterns) text = pattern.matcher(text).replaceAll(REDACTED);
    return cut ? text + "[… " + (total - bytes.length) + " more bytes]" : text;
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) return false;
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.contains("/json") || t.contains("+json");
  }

  private static void redact(JsonNode node, String[] path, int at) {
    String key = path[at];
    boolean leaf = at == path.length - 1;
    List<String> fields = new ArrayList<>();
    if (node instanceof ObjectNode o) {
      if (key.equals("*")) {
        o.fieldNames().forEachRemaining(fields::add);
      } else if (o.has(key)) {
        fields.add(key);
      }
      for (String f : fields) {
        if (leaf) {
          o.put(f, REDACTED);
        } else {
          redact(o.get(f), path, at + 1);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (!key.equals("*") && !key.equals(Integer.toString(i))) continue;
        if (leaf) {
          a.set(i, Json.MAPPER.getNodeFactory().textNode(REDACTED));
        } else {
          redact(a.get(i), path, at + 1);
        }
      }
    }
  }
}
