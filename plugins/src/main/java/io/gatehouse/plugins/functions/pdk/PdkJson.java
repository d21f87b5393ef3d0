package io.gatehouse.plugins.functions.pdk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON text to plain Java values (lua-cjson's messages on bad input; numbers as doubles, as Lua has them). */
public final class PdkJson {
  private static final JsonFactory JSON = new JsonFactory();

  private PdkJson() {}

  public static @Nullable Object decode(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new PdkException("Expected value but found T_END at character 1");
      }
      Object v = read(p, t);
      if (p.nextToken() != null) {
        throw new PdkException("Expected the end but found trailing data");
      }
      return v;
    } catch (IOException e) {
      throw new PdkException("Expected value but found invalid token: " + e.getMessage());
    }
  }

  private static @Nullable Object read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, @Nullable Object> o = new LinkedHashMap<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
          String name = p.currentName();
          o.put(name, read(p, p.nextToken()));
        }
        yield o;
      }
      case START_ARRAY -> {
        List<@Nullable Object> a = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          a.add(read(p, n));
        }
        yield a;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }
}
