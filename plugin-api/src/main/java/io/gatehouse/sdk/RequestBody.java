package io.gatehouse.sdk;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The whole request body, read because the plugin asked for it ({@link
 * PreparedPlugin#needsRequestBody}); {@code kong.request.get_raw_body}/{@code get_body}. Read-only:
 * change what goes upstream with {@link Upstream#setBody}. Parsed views are computed on each call.
 */
public interface RequestBody {

  /** The raw bytes (a copy is not made: do not change them). Empty for a request without a body. */
  byte[] bytes();

  /** The format by the request's Content-Type. */
  BodyType type();

  /** The body as {@code application/x-www-form-urlencoded} arguments (decoded, in order); empty when not a form. */
  Map<String, List<String>> form();

  /**
   * The body as JSON in plain Java values: {@code Map<String, Object>} (in order), {@code List<Object>},
   * {@code String}, {@code Integer}/{@code Long}/{@link java.math.BigInteger}/{@code Double}, {@code Boolean}, null.
   *
   * @throws IllegalArgumentException when the body is not valid JSON
   */
  @Nullable Object json();

  /**
   * The body as {@code multipart/form-data} (or another {@code multipart/*} type): its parts by
   * {@link Multipart}'s rules; null when the Content-Type is not multipart or names no boundary.
   *
   * @throws IllegalArgumentException when the body is not well-formed (no closing delimiter …)
   */
  @Nullable Multipart multipartBody();
}
