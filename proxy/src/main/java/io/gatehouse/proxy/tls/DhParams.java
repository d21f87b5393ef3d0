package io.gatehouse.proxy.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.DHParameterSpec;

/**
 * Kong's {@code ssl_dhparam}: a predefined group name ({@code ffdhe2048} … {@code ffdhe8192}), a
 * parameters file, or the PEM itself (optionally base64-encoded). The JDK's DHE uses the RFC 7919
 * groups only, chosen per connection; a custom prime is read for its size and served as the RFC 7919
 * group of that size.
 */
final class DhParams {
  private static final List<Integer> FFDHE_BITS = List.of(2048, 3072, 4096, 6144, 8192);
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN DH PARAMETERS-----([A-Za-z0-9+/=\\s]+)-----END DH PARAMETERS-----");
  /** OpenSSL's other predefined groups (RFC 3526 MODP, RFC 5114), by the size of their prime. */
  private static final Pattern OTHER_GROUP = Pattern.compile("(?:modp_|dh_)(\\d{4})(?:_\\d+)?");

  private DhParams() {}

  /**
   * The RFC 7919 group to serve for {@code value}.
   *
   * @throws IllegalArgumentException with Kong's message, {@code ssl_dhparam: failed loading certificate from <value>}
   */
  static String group(String value, Consumer<String> warnings) {
    String v = value.trim();
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ffdhe") && FFDHE_BITS.stream().anyMatch(b -> lower.equals("ffdhe" + b))) return lower;
    Matcher other = OTHER_GROUP.matcher(lower);
    if (other.matches()) return sized(Integer.parseInt(other.group(1)), v, warnings);
    String pem = v;
    try {
      Path file = Path.of(v);
      if (Files.isRegularFile(file)) pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      // not a readable path: the value is the parameters themselves
    }
    if (!pem.contains("-----BEGIN")) pem = base64(pem);
    Matcher m = PEM.matcher(pem);
    if (!m.find()) throw failed(value);
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("DH");
      params.init(Base64.getMimeDecoder().decode(m.group(1)));
      BigInteger p = params.getParameterSpec(DHParameterSpec.class).getP();
      return sized(p.bitLength(), "a " + p.bitLength() + "-bit prime", warnings);
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw failed(value);
    }
  }

  private static String sized(int bits, String what, Consumer<String> warnings) {
    int chosen = FFDHE_BITS.stream().filter(b -> b >= bits).findFirst().orElse(8192);
    warnings.accept("ssl_dhparam: " + what + " is served as the RFC 7919 group ffdhe" + chosen
        + " (the JDK's DHE uses those groups only)");
    return "ffdhe" + chosen;
  }

  private static String base64(String text) {
    try {
      return new String(Base64.getMimeDecoder().decode(text), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static IllegalArgumentException failed(String value) {
    return new IllegalArgumentException("ssl_dhparam: failed loading certificate from " + value);
  }
}
