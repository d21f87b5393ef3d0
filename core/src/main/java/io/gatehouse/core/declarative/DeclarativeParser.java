package io.gatehouse.core.declarative;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads declarative text the way Kong does (reference §3.1): a {@code .json} name means JSON, a
 * {@code .yml}/{@code .yaml} name YAML, and text without a name is tried as JSON, then YAML. Duplicate
 * keys are refused (YAML would silently keep the last). Failures name the line and column.
 */
public final class DeclarativeParser {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private DeclarativeParser() {}

  /** The parsed root object; a code-14 {@link DeclarativeConfigException} when it is not one. */
  public static ObjectNode parse(String text, @Nullable String fileName) {
    JsonNode root;
    try {
      root = isJson(fileName) ? JSON.readTree(text) : isYaml(fileName) ? YAML.readTree(text) : guess(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw DeclarativeConfigException.parse(e.getOriginalMessage().replace('\n', ' ') + where);
    }
    if (!(root instanceof ObjectNode o)) {
      throw DeclarativeConfigException.parse("expected an object");
    }
    return o;
  }

  private static JsonNode guess(String text) throws JsonProcessingException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      return YAML.readTree(text);
    }
  }

  private static boolean isJson(@Nullable String name) {
    return name != null && name.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private static boolean isYaml(@Nullable String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return n.endsWith(".yml") || n.endsWith(".yaml");
  }

  /**
   * Where each value of the text starts, by JSON pointer ({@code /services/0/host}), for error
   * reports with line:column. Computed only when a report needs it (a second pass over the text).
   */
  public static Map<String, String> positions(String text, @Nullable String fileName) {
    Map<String, String> at = new HashMap<>();
    JsonFactory factory = (isJson(fileName) || (!isYaml(fileName) && looksLikeJson(text)) ? JSON : YAML).getFactory();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        JsonLocation l = p.currentTokenLocation();
        String pointer = t.isStructStart() ? p.getParsingContext().getParent().pathAsPointer().toString()
            : p.getParsingContext().pathAsPointer().toString();
        at.putIfAbsent(pointer, l.getLineNr() + ":" + l.getColumnNr());
      }
    } catch (IOException e) {
      // positions are a courtesy; a text that does not parse has reported its own error
    }
    return at;
  }

  private static boolean looksLikeJson(String text) {
    return text.stripLeading().startsWith("{");
  }
}
