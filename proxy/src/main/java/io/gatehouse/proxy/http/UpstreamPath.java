package io.gatehouse.proxy.http;

import io.gatehouse.core.schema.PathNormalizer;
import org.jspecify.annotations.Nullable;

/** Kong's upstream path construction, {@code path_handling = v0} (reference §4.5). */
public final class UpstreamPath {
  private UpstreamPath() {}

  /**
   * The escaped upstream path (without query).
   *
   * @param req the normalized request path
   * @param prefix the part of {@code req} matched by the route path ({@code "/"} for routes without paths)
   * @param stripPath the route's {@code strip_path}
   * @param servicePath the service's {@code path}, null for none
   */
  public static String build(String req, String prefix, boolean stripPath, @Nullable String servicePath) {
    return PathNormalizer.escape(join(req, prefix, stripPath, servicePath));
  }

  static String join(String req, String prefix, boolean stripPath, @Nullable String servicePath) {
    String base = servicePath == null ? "/" : servicePath;
    boolean baseSlash = base.endsWith("/");
    if (!stripPath) {
      if (baseSlash) {
        return base + req.substring(1);
      }
      return req.equals("/") ? base : base + req;
    }
    String postfix = postfix(req, prefix);
    if (baseSlash) {
      if (postfix.isEmpty()) {
        if (base.equals("/")) return "/";
        return req.endsWith("/") ? base : base.substring(0, base.length() - 1);
      }
      if (postfix.startsWith("/")) return base.substring(0, base.length() - 1) + postfix;
      return base + postfix;
    }
    if (postfix.isEmpty()) {
      return req.length() > 1 && req.endsWith("/") ? base + "/" : base;
    }
    if (postfix.startsWith("/")) return base + postfix;
    return base + "/" + postfix;
  }

  private static String postfix(String req, String prefix) {
    String p = req.startsWith(prefix) ? req.substring(prefix.length()) : req;
    if (p.startsWith("./")) return p.substring(2);
    if (p.startsWith("../")) return p.substring(3);
    if (p.equals(".") || p.equals("..")) return "";
    return p;
  }
}
