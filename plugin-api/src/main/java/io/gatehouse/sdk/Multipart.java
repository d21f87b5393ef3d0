package io.gatehouse.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code multipart/form-data} body (RFC 7578 on the framing of RFC 2046 §5.1.1): its parts in
 * order, re-encodable with the same boundary. Parse one with {@link #parse(String, byte[])} or get
 * the request's from {@link RequestBody#multipartBody()}.
 *
 * <p>Framing: text before the first delimiter (preamble) and after the closing delimiter
 * (epilogue) is ignored; a delimiter is {@code --boundary} at the start of a line, followed by
 * optional spaces or tabs and a line break, and the line break before it belongs to the delimiter,
 * not to the part's data. Line breaks are CRLF; a bare LF is accepted too, as lenient servers do.
 * A body without its closing delimiter {@code --boundary--} is malformed.
 */
public final class Multipart {
  private static final int MAX_BOUNDARY = 70;

  /**
   * One part.
   *
   * @param name the {@code name} parameter of its {@code Content-Disposition} ({@code ""} when absent)
   * @param filename the {@code filename} parameter, or null when the part is not a file
   * @param contentType the part's {@code Content-Type}, or null when absent (RFC 7578: then {@code text/plain})
   * @param headers the part's header block as sent, without the blank line after it
   * @param data the part's content (not copied on access: do not change it)
   */
  public record Part(String name, @Nullable String filename, @Nullable String contentType, String headers, byte[] data) {
    public Part {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(data, "data");
    }

    /** A plain text field, as a form sends it ({@code Content-Disposition: form-data; name="…"}). */
    public static Part field(String name, String value) {
      Objects.requireNonNull(value, "value");
      return new Part(name, null, null, "Content-Disposition: form-data; name=\"" + quote(name) + "\"",
          value.getBytes(StandardCharsets.UTF_8));
    }

    /** The data as UTF-8 text. */
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private final String boundary;
  private final List<Part> parts;

  private Multipart(String boundary, List<Part> parts) {
    this.boundary = boundary;
    this.parts = List.copyOf(parts);
  }

  /**
   * The {@code boundary} parameter of a {@code multipart/*} Content-Type (quoted or not, any case
   * of the parameter name), or null when the type is not multipart or names no boundary.
   */
  public static @Nullable String boundary(@Nullable String contentType) {
    if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return semi < 0 ? null : parameter(contentType.substring(semi), "boundary");
  }

  /**
   * Parses a body sent with this Content-Type.
   *
   * @return null when the Content-Type is not multipart with a boundary
   * @throws IllegalArgumentException when the body is not well-formed for its boundary
   */
  public static @Nullable Multipart parse(@Nullable String contentType, byte[] body) {
    String b = boundary(contentType);
    return b == null ? null : parseWithBoundary(b, body);
  }

  /**
   * Parses a body framed by this boundary.
   *
   * @throws IllegalArgumentException when the boundary is not 1 to 70 characters of RFC 2046's
   *     {@code bchars}, or the body has no delimiter, no closing delimiter, or a part without the
   *     blank line that ends its headers
   */
  public static Multipart parseWithBoundary(String boundary, byte[] body) {
    checkBoundary(boundary);
    Objects.requireNonNull(body, "body");
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = delimiter(body, delim, 0);
    if (at < 0) {
      throw new IllegalArgumentException("multipart body has no delimiter --" + boundary);
    }
    List<Part> parts = new ArrayList<>();
    while (true) {
      int after = at + delim.length;
      if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
        return new Multipart(boundary, parts); // closing delimiter: the rest is epilogue
      }
      int start = lineEnd(body, after);
      int next = start < 0 ? -1 : delimiter(body, delim, start);
      if (next < 0) {
        throw new IllegalArgumentException("multipart body ends without its closing delimiter --" + boundary + "--");
      }
      int end = next - 1; // the line break before a delimiter belongs to it
      if (end > start && body[end - 1] == '\r') {
        end--;
      }
      parts.add(part(body, start, Math.max(start, end), next));
      at = next;
    }
  }

  /** RFC 2046 §5.1.1: 1 to 70 of {@code bchars}, not ending in a space. */
  private static void checkBoundary(String b) {
    Objects.requireNonNull(b, "boundary");
    boolean ok = !b.isEmpty() && b.length() <= MAX_BOUNDARY && b.charAt(b.length() - 1) != ' ';
    for (int i = 0; ok && i < b.length(); i++) {
      char c = b.charAt(i);
      ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "'()+_,-./:=? ".indexOf(c) >= 0;
    }
    if (!ok) {
      throw new IllegalArgumentException("multipart boundary must be 1 to 70 of RFC 2046's bchars, was '" + b + "'");
    }
  }

  /**
   * The next delimiter at or after {@code from}: at the start of a line (or of the body), then
   * {@code --} or optional spaces/tabs and a line break. -1 when none.
   */
  private static int delimiter(byte[] body, byte[] delim, int from) {
    for (int i = indexOf(body, delim, from); i >= 0; i = indexOf(body, delim, i + 1)) {
      if (i > 0 && body[i - 1] != '\n') {
        continue;
      }
      int after = i + delim.length;
      boolean closing = after + 1 < body.length && body[after] == '-' && body[after + 1] == '-';
      if (closing || lineEnd(body, after) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** After optional transport padding (spaces, tabs) at {@code i}, the index past the line break; -1 if none. */
  private static int lineEnd(byte[] b, int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
      return i + 2;
    }
    return i < b.length && b[i] == '\n' ? i + 1 : -1;
  }

  /**
   * The part in {@code [start, end)}; {@code limit} is where its delimiter starts, so the blank
   * line ending the headers may use the line break that precedes the delimiter (empty data).
   */
  private static Part part(byte[] body, int start, int end, int limit) {
    int headersEnd;
    int dataStart = lineBreakAt(body, start, limit);
    if (dataStart >= 0) {
      headersEnd = start; // a blank line right away: no header fields
    } else {
      headersEnd = -1;
      for (int i = start; i < limit; i++) {
        int blankEnd = body[i] == '\n' ? lineBreakAt(body, i + 1, limit) : -1;
        if (blankEnd >= 0) {
          headersEnd = i > start && body[i - 1] == '\r' ? i - 1 : i;
          dataStart = blankEnd;
          break;
        }
      }
      if (headersEnd < 0) {
        throw new IllegalArgumentException("multipart part has no blank line after its headers");
      }
    }
    String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
    byte[] data = Arrays.copyOfRange(body, Math.min(dataStart, end), end);
    String name = "";
    String filename = null;
    String contentType = null;
    for (String line : headers.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (field.equals("content-disposition")) {
        int semi = value.indexOf(';');
        if (semi >= 0) {
          String params = value.substring(semi);
          name = Objects.requireNonNullElse(parameter(params, "name"), "");
          filename = parameter(params, "filename");
        }
      } else if (field.equals("content-type")) {
        contentType = value;
      }
    }
    return new Part(name, filename, contentType, headers, data);
  }

  /** The index past a line break (CRLF or LF) at {@code i}, if one ends before {@code limit}; else -1. */
  private static int lineBreakAt(byte[] b, int i, int limit) {
    if (i + 1 < limit && b[i] == '\r' && b[i + 1] == '\n') {
      return i + 2;
    }
    return i < limit && b[i] == '\n' ? i + 1 : -1;
  }

  /**
   * A parameter of a header value's {@code ; a=b; c="d"} list: name case-insensitive, value a
   * token or a quoted string ({@code \} escapes the next character). Null when absent.
   */
  private static @Nullable String parameter(String params, String wanted) {
    int i = 0;
    int n = params.length();
    while (i < n) {
      while (i < n && (params.charAt(i) == ';' || params.charAt(i) == ' ' || params.charAt(i) == '\t')) {
        i++;
      }
      int eq = i;
      while (eq < n && params.charAt(eq) != '=' && params.charAt(eq) != ';') {
        eq++;
      }
      String key = params.substring(i, eq).strip();
      if (eq >= n || params.charAt(eq) == ';') {
        i = eq;
        continue; // a parameter without a value
      }
      StringBuilder value = new StringBuilder();
      i = eq + 1;
      while (i < n && params.charAt(i) == ' ') {
        i++;
      }
      if (i < n && params.charAt(i) == '"') {
        for (i++; i < n && params.charAt(i) != '"'; i++) {
          if (params.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(params.charAt(i));
        }
        i++; // the closing quote
      } else {
        while (i < n && params.charAt(i) != ';') {
          value.append(params.charAt(i++));
        }
      }
      if (key.equalsIgnoreCase(wanted)) {
        return value.toString().strip();
      }
    }
    return null;
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The boundary this body is framed with. */
  public String boundary() {
    return boundary;
  }

  /** The parts in order. */
  public List<Part> parts() {
    return parts;
  }

  /** The first part with this name, or null. */
  public @Nullable Part part(String name) {
    for (Part p : parts) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The same boundary around other parts (their data must not contain the delimiter). */
  public Multipart withParts(List<Part> newParts) {
    return new Multipart(boundary, newParts);
  }

  /** The body as bytes: each part's header block and data, CRLF line breaks, closing delimiter. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = {'\r', '\n'};
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    for (Part p : parts) {
      out.writeBytes(delim);
      out.writeBytes(crlf);
      if (!p.headers().isEmpty()) {
        out.writeBytes(p.headers().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(crlf);
      }
      out.writeBytes(crlf);
      out.writeBytes(p.data());
      out.writeBytes(crlf);
    }
    out.writeBytes(delim);
    out.writeBytes(new byte[] {'-', '-', '\r', '\n'});
    return out.toByteArray();
  }
}
