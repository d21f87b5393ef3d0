package io.gatehouse.plugins.requestsizelimiting;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyLimit;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Request;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** request-size-limiting (reference plugins §12). */
@PluginInfo(name = "request-size-limiting", priority = 951)
public final class RequestSizeLimitingPlugin implements Plugin<RequestSizeLimitingPlugin.Config> {
  static final String TOO_LARGE = "Request size limit exceeded";
  static final String LENGTH_REQUIRED = "A valid Content-Length header is required";

  /** The config; {@code allowed_payload_size} is not required in Kong's schema: an explicit null means 128. */
  public record Config(@Default("128") @Nullable Integer allowedPayloadSize,
      @Default("megabytes") @OneOf({"megabytes", "kilobytes", "bytes"}) String sizeUnit,
      @Default("false") boolean requireContentLength) {
    public Config {
      allowedPayloadSize = allowedPayloadSize == null ? 128 : allowedPayloadSize;
    }

    long maxBytes() {
      long factor = switch (sizeUnit) {
        case "kilobytes" -> 1024L;
        case "bytes" -> 1L;
        default -> 1024L * 1024L;
      };
      return allowedPayloadSize.intValue() * factor;
    }
  }

  @Override
  public void access(AccessPhase ctx, Config config) {
    Request req = ctx.request();
    int status = expectsContinue(req) ? 417 : 413;
    Long length = contentLength(req.header("Content-Length"));
    if (length != null) {
      if (length > config.maxBytes()) {
        ctx.error(status, TOO_LARGE, Map.of());
      }
      return;
    }
    String te = req.header("Transfer-Encoding");
    boolean chunked = te != null && te.equals("chunked");
    if (config.requireContentLength() && !chunked) {
      ctx.error(411, LENGTH_REQUIRED, Map.of());
      return;
    }
    // Kong reads the body to measure it; counting as it streams needs no buffer.
    ctx.limitRequestBody(new BodyLimit(config.maxBytes(), status, TOO_LARGE));
  }

  private static boolean expectsContinue(Request req) {
    String expect = req.header("Expect");
    return expect != null && expect.trim().toLowerCase(Locale.ROOT).equals("100-continue");
  }

  private static @Nullable Long contentLength(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
