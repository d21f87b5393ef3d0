package io.gatehouse.plugins.llm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code kong.tools.gzip} for AI answers held whole in memory: a provider's gzip answer is
 * inflated before it is read, and a translated answer deflated for clients that accept gzip.
 */
public final class Gzip {
  // Kong: %f[%a]gzip%f[%A], the word "gzip" anywhere in Accept-Encoding (case as sent)
  private static final Pattern ACCEPTS = Pattern.compile("(?<![A-Za-z])gzip(?![A-Za-z])");

  private Gzip() {}

  /** Whether a client's {@code Accept-Encoding} asks for gzip, as Kong reads it. */
  public static boolean accepted(@Nullable String acceptEncoding) {
    return acceptEncoding != null && ACCEPTS.matcher(acceptEncoding).find();
  }

  /** Whether a {@code Content-Encoding} says gzip. */
  public static boolean encoded(@Nullable String contentEncoding) {
    return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
  }

  /**
   * The inflated body.
   *
   * @throws LlmException when the body is not gzip
   */
  public static byte[] inflate(byte[] gzipped) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new LlmException("failed to inflate the gzip answer: " + e.getMessage());
    }
  }

  public static byte[] deflate(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 32);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }
}
