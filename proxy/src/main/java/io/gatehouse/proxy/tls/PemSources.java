package io.gatehouse.proxy.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads one entry of Kong's {@code ssl_cert}/{@code ssl_cert_key}: the PEM text itself, a path to a
 * PEM file, or the base64 of the PEM text (Kong accepts all three).
 */
public final class PemSources {
  private static final String PEM_MARKER = "-----BEGIN ";

  private PemSources() {}

  /**
   * The PEM text of {@code value}.
   *
   * @param setting the setting's name, for the error message
   * @throws IllegalArgumentException when the value is neither PEM, a readable file, nor base64 PEM
   */
  public static String read(String setting, String value) {
    String v = value.strip();
    if (v.contains(PEM_MARKER)) return v;
    try {
      Path file = Path.of(v);
      if (Files.isRegularFile(file)) return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (InvalidPathException | IOException e) {
      // not a readable path: maybe base64
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII);
      if (decoded.contains(PEM_MARKER)) return decoded;
    } catch (IllegalArgumentException e) {
      // not base64 either
    }
    String shown = v.length() > 60 ? v.substring(0, 60) + "..." : v;
    throw new IllegalArgumentException(setting + ": no such file, and not PEM or base64 PEM text: " + shown);
  }
}
