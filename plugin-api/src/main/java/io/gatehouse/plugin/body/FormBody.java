package io.gatehouse.plugin.body;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body (or query string) as ordered name → values;
 * an argument without {@code =} has the value {@code ""}.
 */
public final class FormBody {
  private FormBody() {}

  public static LinkedHashMap<String, List<String>> parse(String encoded) {
    LinkedHashMap<String, List<String>> args = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return args;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      args.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return args;
  }

  public static String encode(Map<String, List<String>> args) {
    StringBuilder sb = new StringBuilder();
    args.forEach((name, values) -> {
      for (String v : values) {
        if (!sb.isEmpty()) {
          sb.append('&');
        }
        sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return sb.toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a stray '%': keep the text as sent, like ngx.decode_args
    }
  }
}
