package io.gatehouse.admin.analytics;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.ResponseHeaders;
import io.gatehouse.sdk.SharedCounters;
import io.gatehouse.sdk.Validator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code call-log}: payload capture for the analytics call log, opt-in where the plugin is attached
 * (a route, a service, or globally). Keeps the request and response headers (the sensitive ones
 * replaced by {@code [REDACTED]}) and the first {@code max_body_bytes} of each body, redacted by
 * JSON path and by pattern, in the call's row ({@code GET /analytics/calls/{id}}). Does nothing
 * while {@code analytics} is off. The event loop only copies bytes; redaction runs on the writer.
 */
@PluginInfo(name = CallLogPlugin.NAME, priority = 5, version = "1.0.0")
public final class CallLogPlugin implements PreparedPlugin<CallLogPlugin.Config, PayloadRules> {
  private static final String REQUEST_BODY = "call-log.request-body";
  private static final String RESPONSE_BODY = "call-log.response-body";

  /** The plugin's config (Kong-style snake_case fields). */
  public record Config(
      @Description("Capture the request and response headers.") @Default("true") boolean headers,
      @Description("Capture the request body (when its Content-Length is at most max_body_bytes).") @Default("true")
          boolean requestBody,
      @Description("Capture the first max_body_bytes of the response body.") @Default("true") boolean responseBody,
      @Description("Bytes kept of each body.") @Default("4096") @Between(min = 0, max = 1048576) int maxBodyBytes,
      @Description("Headers whose values are stored as [REDACTED] (case-insensitive).")
          @Default({"authorization", "proxy-authorization", "apikey", "x-api-key", "cookie", "set-cookie"})
          List<String> redactHeaders,
      @Description("JSON paths whose values are stored as [REDACTED] ($.a.b, a.*.c, a[*].c); a JSON body that "
          + "cannot be parsed is then not stored.") @Default({}) List<@Check(JsonPath.class) String> redactJsonPaths,
      @Description("Regular expressions (RE2) whose matches in a body are stored as [REDACTED].") @Default({})
          List<@Check(Re2.class) String> redactPatterns) {}

  /** A {@code redact_json_paths} element: a non-empty path. */
  public static final class JsonPath implements Validator {
    @Override
    public @Nullable String check(Object value) {
      try {
        PayloadRules.splitPath(value.toString());
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
  }

  /** A {@code redact_patterns} element: an RE2 regular expression. */
  public static final class Re2 implements Validator {
    @Override
    public @Nullable String check(Object value) {
      try {
        com.google.re2j.Pattern.compile(value.toString());
        return null;
      } catch (com.google.re2j.PatternSyntaxException e) {
        return "invalid regex: " + e.getDescription();
      }
    }
  }

  public static final String NAME = "call-log";

  /**
   * How the node hands the plugin its analytics store's inbox: started with this (through the
   * plugin's public {@code start}); the node's ordinary services leave the inbox as it is.
   */
  public record Delivery(PayloadInbox inbox) implements NodeServices {
    @Override
    public Optional<SharedCounters> sharedCounters() {
      return Optional.empty();
    }
  }

  /** Where captured payloads go: the node's analytics store; null (nothing captured) while analytics is off. */
  private volatile @Nullable PayloadInbox inbox;

  @Override
  public void start(NodeServices services) {
    if (services instanceof Delivery d) inbox = d.inbox();
  }

  @Override
  public PayloadRules prepare(Config c) {
    try {
      return new PayloadRules(c.headers(), c.requestBody(), c.responseBody(), c.maxBodyBytes(), c.redactHeaders(),
          c.redactJsonPaths(), c.redactPatterns());
    } catch (RuntimeException e) { // a bad pattern or path: the instance fails to build, with the reason
      throw new IllegalArgumentException("call-log: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean needsRequestBody(Request request, PayloadRules rules) {
    if (!rules.requestBody || inbox == null) return false;
    long length = contentLength(request.header("Content-Length"));
    return length > 0 && length <= rules.maxBodyBytes; // never buffers (or refuses) a larger body
  }

  @Override
  public void access(AccessPhase ctx, PayloadRules rules) {
    RequestBody body = ctx.requestBody();
    if (body != null) ctx.shared().put(REQUEST_BODY, body.bytes());
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, PayloadRules rules) {
    return rules.responseBody && inbox != null;
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, PayloadRules rules, byte[] chunk, boolean last) {
    Captured kept = (Captured) ctx.shared().computeIfAbsent(RESPONSE_BODY, k -> new Captured(rules.maxBodyBytes));
    kept.add(chunk);
    return chunk;
  }

  @Override
  public void log(LogPhase ctx, PayloadRules rules) {
    PayloadInbox to = inbox;
    if (to == null) return;
    Request req = ctx.request();
    byte[] requestBody = null;
    long requestBytes = contentLength(req.header("Content-Length"));
    if (rules.requestBody) {
      requestBody = ctx.shared().get(REQUEST_BODY) instanceof byte[] b ? b
          : requestBytes <= 0 && req.header("Transfer-Encoding") == null ? new byte[0] // no body
          : null; // larger than max_body_bytes, or streamed without a length: not captured
    }
    byte[] responseBody = null;
    long responseBytes = 0;
    if (rules.responseBody) {
      Captured kept = (Captured) ctx.shared().get(RESPONSE_BODY);
      responseBody = kept == null ? new byte[0] : kept.bytes();
      responseBytes = kept == null ? 0 : kept.total;
    }
    to.leave(ctx.requestId(), new CapturedPayload(rules,
        rules.headers ? requestHeaders(req) : null, requestBody, Math.max(requestBytes, 0), req.header("Content-Type"),
        rules.headers ? responseHeaders(ctx.responseHeaders()) : null, responseBody, responseBytes,
        ctx.responseHeaders().get("Content-Type")));
  }

  private static Map<String, List<String>> requestHeaders(Request r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : r.headerNames()) out.put(name, List.copyOf(r.headers(name)));
    return out;
  }

  private static Map<String, List<String>> responseHeaders(ResponseHeaders h) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : h.names()) out.put(name, List.copyOf(h.getAll(name)));
    return out;
  }

  private static long contentLength(@Nullable String value) {
    if (value == null) return -1;
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The first bytes of a response body, and how many went by. */
  private static final class Captured {
    private final byte[] buf;
    private int kept;
    long total;

    Captured(int max) {
      this.buf = new byte[max];
    }

    void add(byte[] chunk) {
      int n = Math.min(chunk.length, buf.length - kept);
      System.arraycopy(chunk, 0, buf, kept, n);
      kept += n;
      total += chunk.length;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, kept);
    }
  }
}
