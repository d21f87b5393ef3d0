package io.gatehouse.proxy.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Kong-generated error bodies (reference §5.4): the format is negotiated from {@code Accept}
 * (q-values, first on ties), and the templates carry the request id.
 *
 * @param contentType the response Content-Type
 * @param body the rendered body
 */
public record ErrorBody(String contentType, String body) {

  /** The four template formats. */
  public enum Format {
    JSON("application/json; charset=utf-8"),
    HTML("text/html; charset=utf-8"),
    XML("application/xml; charset=utf-8"),
    PLAIN("text/plain; charset=utf-8");

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    /** Maps a setting like {@code text/plain} ({@code error_default_type}) to a format. */
    public static Format ofMediaType(String mediaType) {
      Format f = mapMediaType(mediaType.trim().toLowerCase(Locale.ROOT));
      return f == null ? JSON : f;
    }
  }

  /**
   * Body for errors produced by the core or plugins ({@code kong.response.error}): the format comes
   * from {@code Accept} only; none means JSON.
   */
  public static ErrorBody forCore(int status, String message, String requestId, @Nullable String accept) {
    Format f = negotiate(accept);
    return render(f == null ? Format.JSON : f, message, requestId);
  }

  /**
   * Body for proxy failures (Kong's nginx error page): {@code Accept}, else {@code Content-Type},
   * else {@code defaultFormat}; the message comes from the status.
   */
  public static ErrorBody forProxyError(int status, String requestId, @Nullable String accept,
      @Nullable String contentType, Format defaultFormat) {
    Format f = negotiate(accept);
    if (f == null && contentType != null && !contentType.isBlank()) {
      String mt = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      f = mapMediaType(mt);
      if (f == null) f = Format.JSON; // Kong parses it like an Accept value: unknown means JSON
    }
    return render(f == null ? defaultFormat : f, messageFor(status), requestId);
  }

  /** Kong's nginx error page message for a status (reference §5.3). */
  public static String messageFor(int status) {
    return switch (status) {
      case 400, 494 -> "Bad request";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 408 -> "Request timeout";
      case 411 -> "Length required";
      case 412 -> "Precondition failed";
      case 413 -> "Payload too large";
      case 414 -> "URI too long";
      case 417 -> "Expectation failed";
      case 431 -> "Request header or cookie too large";
      case 500 -> "An unexpected error occurred";
      case 502 -> "An invalid response was received from the upstream server";
      case 503 -> "The upstream server is currently unavailable";
      case 504 -> "The upstream server is timing out";
      default -> "The upstream server responded with " + status;
    };
  }

  static ErrorBody render(Format f, String message, String requestId) {
    String body = switch (f) {
      case JSON -> "{\n  \"message\":\"" + message + "\",\n  \"request_id\":\"" + requestId + "\"\n}";
      case PLAIN -> message + "\nrequest_id: " + requestId + "\n";
      case XML -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error>\n  <message>" + message
          + "</message>\n  <requestid>" + requestId + "</requestid>\n</error>\n";
      case HTML -> "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n    <title>Error</title>\n"
          + "  </head>\n  <body>\n    <h1>Error</h1>\n    <p>" + message + ".</p>\n    <p>request_id: " + requestId
          + "</p>\n  </body>\n</html>\n";
    };
    return new ErrorBody(f.contentType, body);
  }

  /** The format chosen by an Accept header, or null when the header is absent or empty. */
  static @Nullable Format negotiate(@Nullable String accept) {
    if (accept == null || accept.isBlank()) {
      return null;
    }
    Format best = null;
    double bestQ = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) continue;
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > bestQ) {
        Format f = mapMediaType(type);
        best = f == null ? Format.JSON : f;
        bestQ = q;
      }
    }
    return best;
  }

  private static @Nullable Format mapMediaType(String type) {
    return switch (type) {
      case "application/json", "application/*", "*/*" -> Format.JSON;
      case "text/html" -> Format.HTML;
      case "application/xml" -> Format.XML;
      case "text/plain", "text/*" -> Format.PLAIN;
      default -> null;
    };
  }
}
