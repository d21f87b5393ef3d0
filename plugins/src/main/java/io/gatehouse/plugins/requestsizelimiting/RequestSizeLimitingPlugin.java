package io.gatehouse.plugins.requestsizelimiting;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.BodyLimit;
import io.gatehouse.plugin.ClientRequest;
import io.gatehouse.plugin.Plugin;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** request-size-limiting (reference plugins §12). */
public final class RequestSizeLimitingPlugin implements Plugin<RequestSizeLimitingPlugin.Config>,
    Access<RequestSizeLimitingPlugin.Config> {
  static final String TOO_LARGE = "Request size limit exceeded";
  static final String LENGTH_REQUIRED = "A valid Content-Length header is required";

  /** The bound config. */
  public record Config(int allowedPayloadSize, String sizeUnit, boolean requireContentLength) {
    long maxBytes() {
      long factor = switch (sizeUnit) {
        case "kilobytes" -> 1024L;
        case "bytes" -> 1L;
        default -> 1024L * 1024L;
      };
      return allowedPayloadSize * factor;
    }
  }

  @Override
  public String name() {
    return "request-size-limiting";
  }

  @Override
  public int priority() {
    return 951;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.integer("allowed_payload_size").defaultValue(128),
        Field.string("size_unit").required().defaultValue("megabytes").oneOf("megabytes", "kilobytes", "bytes"),
        Field.bool("require_content_length").required().defaultValue(false));
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public void access(AccessContext ctx, Config config) {
    ClientRequest req = ctx.request();
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

  private static boolean expectsContinue(ClientRequest req) {
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
