package io.gatehouse.plugins.proxycache;

import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kong's key recipe (reference plugins §17, Cache key):
 * {@code sha256_hex("<prefix>|<METHOD>|<uri>|<params>|<headers>")}.
 */
final class CacheKey {
  private CacheKey() {}

  static String of(AccessPhase ctx, ProxyCacheConfig c) {
    Request req = ctx.request();
    String route = ctx.route() == null ? null : ctx.route().id();
    String consumer = ctx.consumer() == null ? null : ctx.consumer().id();
    String prefix = route != null && consumer != null ? consumer + ":" + route : route != null ? route : "default";
    // nginx's $request cut at the first '?': without a query the protocol suffix stays in
    String uri = req.rawQuery() == null ? req.method() + " " + req.path() + " HTTP/1.1" : req.method() + " " + req.path();
    if (Boolean.TRUE.equals(c.ignoreUriCase())) {
      uri = uri.toLowerCase(Locale.ROOT);
    }
    String recipe = prefix + "|" + req.method() + "|" + uri + "|" + params(req, c.varyQueryParams()) + "|"
        + headers(req, c.varyHeaders());
    return sha256Hex(recipe);
  }

  private static String params(Request req, List<String> vary) {
    Map<String, List<String>> args = FormCodec.parse(req.rawQuery() == null ? "" : req.rawQuery());
    List<String> names = vary == null || vary.isEmpty() ? new ArrayList<>(new TreeMap<>(args).keySet()) : vary;
    List<String> out = new ArrayList<>();
    for (String name : names) {
      List<String> values = args.get(name);
      if (values == null) {
        continue;
      }
      List<String> sorted = values.stream().filter(v -> !v.isEmpty()).sorted().toList();
      out.add(sorted.isEmpty() ? name : name + "=" + String.join(",", sorted));
    }
    return String.join(":", out);
  }

  private static String headers(Request req, List<String> vary) {
    if (vary == null || vary.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (String name : vary) {
      String v = req.header(name);
      if (v != null) {
        out.add(name.toLowerCase(Locale.ROOT) + "=" + v);
      }
    }
    return String.join(":", out);
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
