package io.gatehouse.plugin.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A {@code multipart/form-data} body: its parts in order, re-encodable with the same boundary. */
public final class MultipartBody {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  /**
   * One part.
   *
   * @param headers the part's header block as sent (without the trailing blank line)
   */
  public record Part(String name, String headers, byte[] data) {
    public Part {
      Objects.requireNonNull(name, "name");
    }

    /** A plain field part, as Kong adds them. */
    public static Part field(String name, String value) {
      return new Part(name, "Content-Disposition: form-data; name=\"" + name + "\"",
          value.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private final String boundary;
  private final List<Part> parts;

  private MultipartBody(String boundary, List<Part> parts) {
    this.boundary = boundary;
    this.parts = parts;
  }

  /** The boundary of a Content-Type, or null when it names none. */
  public static @Nullable String boundary(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    Matcher m = BOUNDARY.matcher(contentType);
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
  }

  /** Parses a body; null when it is not multipart with this boundary. */
  public static @Nullable MultipartBody parse(@Nullable String contentType, byte[] body) {
    String b = boundary(contentType);
    if (b == null) {
      return null;
    }
    byte[] delim = ("--" + b).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = delimiter(body, delim, 0);
    if (at < 0) {
      return null;
    }
    while (true) {
      int start = at + delim.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // closing delimiter
      }
      start = skipLineBreak(body, start);
      int next = delimiter(body, delim, start);
      if (next < 0) {
        return null;
      }
      int end = next;
      if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
        end -= 2;
      } else if (end >= 1 && body[end - 1] == '\n') {
        end -= 1;
      }
      parts.add(part(Arrays.copyOfRange(body, start, Math.max(start, end))));
      at = next;
    }
    return new MultipartBody(b, parts);
  }

  /** The next delimiter at or after {@code from} that starts a line (RFC 2046 §5.1.1); -1 if none. */
  private static int delimiter(byte[] body, byte[] delim, int from) {
    for (int i = indexOf(body, delim, from); i >= 0; i = indexOf(body, delim, i + 1)) {
      if (i == 0 || body[i - 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static Part part(byte[] raw) {
    int bodyStart = skipLineBreak(raw, 0);
    if (bodyStart > 0) { // a blank line right away: no header fields, the rest is content
      return new Part("", "", Arrays.copyOfRange(raw, bodyStart, raw.length));
    }
    byte[] sep = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int split = indexOf(raw, sep, 0);
    int skip = 4;
    if (split < 0) {
      split = indexOf(raw, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      skip = 2;
    }
    String headers = split < 0 ? "" : new String(raw, 0, split, StandardCharsets.UTF_8);
    byte[] data = split < 0 ? raw : Arrays.copyOfRange(raw, split + skip, raw.length);
    String name = "";
    for (String line : headers.split("\r?\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        Matcher m = NAME.matcher(line);
        if (m.find()) {
          name = m.group(1);
        }
      }
    }
    return new Part(name, headers, data);
  }

  private static int skipLineBreak(byte[] b, int i) {
    if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
      return i + 2;
    }
    return i < b.length && b[i] == '\n' ? i + 1 : i;
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

  /** The same boundary around new parts. */
  public MultipartBody withParts(List<Part> newParts) {
    return new MultipartBody(boundary, List.copyOf(newParts));
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = {'\r', '\n'};
    for (Part p : parts) {
      out.writeBytes(("--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(crlf);
      out.writeBytes(p.headers().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(crlf);
      out.writeBytes(crlf);
      out.writeBytes(p.data());
      out.writeBytes(crlf);
    }
    out.writeBytes(("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(crlf);
    return out.toByteArray();
  }
}
