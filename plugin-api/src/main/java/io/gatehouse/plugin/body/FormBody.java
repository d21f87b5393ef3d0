package io.gatehouse.plugin.body;

import io.gatehouse.net.FormCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body (or query string) as ordered name → values;
 * an argument without {@code =} has the value {@code ""}. Decoded as nginx decodes args (a stray
 * {@code %} stays as sent), by the project's one codec, {@link FormCodec}.
 */
public final class FormBody {
  private FormBody() {}

  public static LinkedHashMap<String, List<String>> parse(String encoded) {
    return FormCodec.parse(encoded);
  }

  public static String encode(Map<String, List<String>> args) {
    return FormCodec.encode(args);
  }
}
