package io.gatehouse.plugins.hmacauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** hmac-auth's access phase, step for step as Kong 3.9's access.lua, with Kong's 401 messages. */
final class HmacAuthHandler {
  private static final String NOT_VALID = "HMAC signature cannot be verified";
  private static final String NOT_SAME = "HMAC signature does not match";
  private static final String NO_DATE =
      "HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication";
  // Kong's pattern, greedy groups included, searched anywhere in the header value
  private static final Pattern HMAC = Pattern.compile(
      "\\s*[Hh]mac\\s*username=\"(.+)\",\\s*algorithm=\"(.+)\",\\s*headers=\"(.+)\",\\s*signature=\"(.+)\"");
  private static final Map<String, String> MACS = Map.of("hmac-sha1", "HmacSHA1", "hmac-sha256", "HmacSHA256",
      "hmac-sha384", "HmacSHA384", "hmac-sha512", "HmacSHA512");

  private HmacAuthHandler() {}

  record Prepared(HmacAuthConfig config, Credentials credentials, Snapshot snapshot) {}

  private record Stored(String id, String consumerId, String username, byte[] secret, @Nullable Consumer consumer) {}

  /** What the client's header says. */
  private record Params(String username, String algorithm, List<String> headers, String signature) {}

  /** The snapshot's credentials by username. */
  static final class Credentials {
    private final ByWorkspace<String, Stored> byUsername = new ByWorkspace<>();

    static Credentials of(Snapshot snapshot) {
      Credentials c = new Credentials();
      for (Row row : snapshot.rows("hmacauth_credentials")) {
        String user = row.text("username");
        String secret = row.text("secret");
        String consumer = row.consumerId();
        if (user != null && secret != null && consumer != null) {
          c.byUsername.put(row, user, new Stored(row.id(), consumer, user, secret.getBytes(StandardCharsets.UTF_8),
              snapshot.consumerById(consumer).orElse(null)));
        }
      }
      return c;
    }
  }

  static void access(AccessPhase ctx, Prepared prepared) {
    HmacAuthConfig config = prepared.config();
    if (AuthOutcome.skip(ctx, config.anonymous())) {
      return;
    }
    String failure = authenticate(ctx, prepared);
    if (failure != null) {
      AuthOutcome.fail(ctx, prepared.snapshot(), config.anonymous(), 401, failure,
          Map.of("WWW-Authenticate", config.challenge()));
    }
  }

  /** Null when the consumer was authenticated, else the 401 message. */
  private static @Nullable String authenticate(AccessPhase ctx, Prepared prepared) {
    HmacAuthConfig config = prepared.config();
    Request request = ctx.request();
    String authorization = request.header("Authorization");
    String proxyAuthorization = request.header("Proxy-Authorization");
    if (authorization == null && proxyAuthorization == null) {
      return "Unauthorized";
    }
    if (!dateWithinSkew(request.header("X-Date"), config.clockSkew())
        && !dateWithinSkew(request.header("Date"), config.clockSkew())) {
      return NO_DATE;
    }
    Params params = parse(proxyAuthorization);
    if (params == null) {
      params = parse(authorization);
      if (config.hideCredentials()) {
        ctx.upstream().removeHeader("Authorization"); // Kong clears it whatever it held
      }
    } else if (config.hideCredentials()) {
      ctx.upstream().removeHeader("Proxy-Authorization");
    }
    if (params == null || !usable(params, config)) {
      return NOT_VALID;
    }
    Stored credential = prepared.credentials().byUsername.get(ctx.route(), params.username());
    if (credential == null) {
      return NOT_VALID;
    }
    if (!signatureMatches(request, params, credential.secret())) {
      return NOT_SAME;
    }
    if (config.validateRequestBody() && !digestMatches(request, ctx.requestBody())) {
      return NOT_SAME;
    }
    Consumer consumer = credential.consumer();
    if (consumer == null) {
      ctx.error(500, null, Map.of());
      return null;
    }
    ctx.authenticate(consumer, new Credential(credential.id(), credential.consumerId(), credential.username()));
    return null;
  }

  private static @Nullable Params parse(@Nullable String header) {
    if (header == null) {
      return null;
    }
    Matcher m = HMAC.matcher(header);
    if (!m.find()) {
      return null;
    }
    return new Params(m.group(1), m.group(2), List.of(m.group(3).split(" ", -1)), m.group(4));
  }

  /** Enforced headers all signed, and an allowed algorithm. */
  private static boolean usable(Params params, HmacAuthConfig config) {
    return params.headers().containsAll(config.enforceHeaders()) && config.algorithms().contains(params.algorithm());
  }

  static boolean dateWithinSkew(@Nullable String date, double clockSkew) {
    if (date == null) {
      return false;
    }
    long when;
    try {
      when = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
    return Math.abs(System.currentTimeMillis() / 1000 - when) <= clockSkew;
  }

  /** Kong's signing string: one line per listed header, joined by newlines. */
  static String signingString(Request request, List<String> headers) {
    String query = request.rawQuery();
    String uri = request.path() + (query == null ? "" : "?" + query);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.get(i);
      String value = request.header(name);
      if (value != null) {
        s.append(name).append(": ").append(value);
      } else if (name.equals("@request-target")) {
        s.append(name).append(": ").append(request.method().toLowerCase(java.util.Locale.ROOT)).append(' ').append(uri);
      } else if (name.equals("request-line")) {
        // Kong's HTTP/%.01f: HTTP/1.0, HTTP/1.1, HTTP/2.0
        s.append(request.method()).append(' ').append(uri).append(" HTTP/")
            .append(String.format(java.util.Locale.ROOT, "%.1f", request.httpVersion()));
      } else {
        s.append(name).append(':');
      }
      if (i < headers.size() - 1) {
        s.append('\n');
      }
    }
    return s.toString();
  }

  private static boolean signatureMatches(Request request, Params params, byte[] secret) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(params.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String algorithm = MACS.get(params.algorithm());
    try {
      Mac mac = Mac.getInstance(algorithm);
      // HMAC zero-pads keys, so one zero byte stands for an empty secret (SecretKeySpec refuses empty keys)
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, algorithm));
      byte[] expected = mac.doFinal(signingString(request, params.headers()).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(expected, given);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** {@code Digest: SHA-256=<base64>} of the body; no Digest is fine only for an empty body. */
  private static boolean digestMatches(Request request, @Nullable RequestBody body) {
    byte[] bytes = body == null ? new byte[0] : body.bytes();
    String digest = request.header("Digest");
    if (digest == null) {
      return bytes.length == 0;
    }
    try {
      String expected = "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
      return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), digest.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
