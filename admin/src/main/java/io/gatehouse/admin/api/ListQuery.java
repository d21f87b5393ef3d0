package io.gatehouse.admin.api;

import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.store.PageQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Kong's listing arguments ({@code size}, {@code offset}, {@code tags}), validated with its error codes. */
final class ListQuery {
  static final int DEFAULT_SIZE = 100;

  private ListQuery() {}

  static PageQuery parse(AdminRequest req, @Nullable Schema schema) {
    int size = size(req.queryParam("size"));
    PageQuery q = PageQuery.first(size).withOffset(req.queryParam("offset"));
    String tags = req.queryParam("tags");
    if (req.query().containsKey("tags")) {
      if (schema != null && !schema.hasTags()) {
        throw KongException.invalidOption("tags", "cannot be used with '" + schema.name() + "'");
      }
      if (tags == null || tags.isEmpty()) {
        throw KongException.invalidOption("tags", "cannot be null");
      }
      boolean and = tags.contains(",");
      boolean or = tags.contains("/");
      if (and && or) {
        throw KongException.invalidOption("tags", "invalid filter syntax");
      }
      List<String> list = Arrays.asList(tags.split(or ? "/" : ",", -1));
      if (list.size() > 5) {
        throw KongException.invalidOption("tags", "cannot query more than 5 tags");
      }
      if (list.stream().anyMatch(String::isEmpty)) {
        throw KongException.invalidOption("tags", "invalid filter syntax");
      }
      q = q.withTags(list, or);
    }
    return q;
  }

  static int size(@Nullable String raw) {
    if (raw == null) {
      return DEFAULT_SIZE;
    }
    double d;
    try {
      d = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw KongException.invalidSize("size must be a number");
    }
    if (d != Math.floor(d) || d < 1 || d > 1000) {
      throw KongException.invalidSize("size must be an integer between 1 and 1000");
    }
    return (int) d;
  }

  /** The {@code next} link: top-level lists carry size and tags, nested ones only the offset. */
  static @Nullable String next(String path, @Nullable String offset, AdminRequest req, boolean nested) {
    if (offset == null) {
      return null;
    }
    StringBuilder s = new StringBuilder(path).append("?offset=").append(encode(offset));
    if (!nested) {
      if (req.queryParam("size") != null) {
        s.append("&size=").append(encode(req.queryParam("size")));
      }
      if (req.queryParam("tags") != null) {
        s.append("&tags=").append(encode(req.queryParam("tags")));
      }
    }
    return s.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
