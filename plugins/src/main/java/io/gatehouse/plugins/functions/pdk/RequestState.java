package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.Phase;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the snippets of one request keep between phases and plugins: response headers set before
 * the response exists, serialize values, the body held for {@code kong.response.get_raw_body}, and
 * each language's own tables ({@code kong.ctx.shared}, {@code ngx.ctx} …) in {@link #slot}. Lives
 * in the request's shared map.
 */
public final class RequestState {
  private static final String KEY = RequestState.class.getName();

  /** Response header operations ({@code set}/{@code add}/{@code clear}, name, value) from rewrite/access. */
  private final List<String[]> pendingHeaders = new ArrayList<>();
  final List<Object[]> pendingSerialize = new ArrayList<>();
  private final Map<Object, Object> slots = new HashMap<>();
  /** kong.response.get_raw_body in body_filter: chunks so far. */
  @Nullable ByteArrayOutputStream bodyBuffer;
  byte @Nullable [] replacedBody;

  static RequestState of(Phase ctx) {
    return (RequestState) ctx.shared().computeIfAbsent(KEY, k -> new RequestState());
  }

  /** Response header operations from rewrite/access, applied in this instance's header_filter. */
  public List<String[]> pendingHeaders() {
    return pendingHeaders;
  }

  /** A language's own per-request value under {@code key}, created on first use. */
  @SuppressWarnings("unchecked")
  public <T> T slot(Object key, Supplier<T> create) {
    return (T) slots.computeIfAbsent(key, k -> create.get());
  }
}
