package io.gatehouse.plugins.ldapauth;

import com.unboundid.ldap.sdk.RDN;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Snapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * ldap-auth's access phase (kong/plugins/ldap-auth/access.lua). {@code Proxy-Authorization} is
 * tried first, then {@code Authorization}; a cached verdict answers inline, a miss waits for the
 * bind pool and {@link #resume} answers on the request's event loop.
 */
final class LdapAuthHandler {
  /** Kong's {@code ^(.*?):(.+)$} (PCRE: only {@code \n} ends a line). */
  private static final Pattern USER_PASSWORD = Pattern.compile("^(.*?):(.+)$", Pattern.UNIX_LINES);

  private LdapAuthHandler() {}

  /** One instance's config, ready for requests. */
  record Prepared(LdapAuthConfig config, Snapshot snapshot, Directory.Target target, SSLSocketFactory tls,
      Pattern scheme, String challenge, String keyPrefix) {

    static Prepared of(LdapAuthConfig c, Snapshot snapshot, SSLSocketFactory tls) {
      Directory.Tls mode = c.ldaps() ? Directory.Tls.LDAPS : c.startTls() ? Directory.Tls.START_TLS : Directory.Tls.NONE;
      Directory.Target target = new Directory.Target(c.ldapHost(), c.ldapPort(), mode, c.verifyLdapHost(),
          (int) Math.min(Integer.MAX_VALUE, Math.max(1, c.timeout())), c.keepalive().longValue());
      // Kong's regex is built from the lower-cased header_type; matched against the lower-cased value
      Pattern scheme = Pattern.compile("^\\s*" + Pattern.quote(c.headerType().toLowerCase(Locale.ROOT)) + "\\s+",
          Pattern.CASE_INSENSITIVE);
      String prefix = c.ldapHost().toLowerCase(Locale.ROOT) + ":" + c.ldapPort() + ":" + c.baseDn() + ":"
          + c.attribute() + ":" + (long) c.cacheTtl() + ":";
      return new Prepared(c, snapshot, target, tls, scheme, c.challenge(), prefix);
    }
  }

  /** A user and password read from one header; {@code id} is Kong's cache key, also the credential id. */
  record Attempt(String username, byte[] password, String id) {}

  static @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    if (AuthOutcome.skip(ctx, p.config().anonymous())) {
      return null;
    }
    String proxyAuth = ctx.request().header("Proxy-Authorization");
    String auth = ctx.request().header("Authorization");
    if (proxyAuth == null && auth == null) {
      fail(ctx, p);
      return null;
    }
    Attempt first = proxyAuth == null ? null : attempt(p, proxyAuth);
    Attempt second = auth == null ? null : attempt(p, auth);
    CompletableFuture<@Nullable Attempt> winner = check(p, first)
        .thenCompose(ok -> ok ? CompletableFuture.completedFuture(first)
            : check(p, second).thenApply(ok2 -> ok2 ? second : null));
    if (!winner.isDone() || winner.isCompletedExceptionally()) {
      return winner; // a bind is under way, or the pool refused one (a failed stage answers 500)
    }
    resume(ctx, p, winner.join()); // cached verdicts: answer inline
    return null;
  }

  static void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (!(result instanceof Attempt a)) {
      fail(ctx, p);
      return;
    }
    if (p.config().hideCredentials()) {
      ctx.upstream().removeHeader("Authorization");
      ctx.upstream().removeHeader("Proxy-Authorization");
    }
    ctx.authenticate(new Credential(a.id(), null, a.username()));
  }

  private static CompletableFuture<Boolean> check(Prepared p, @Nullable Attempt a) {
    if (a == null) {
      return CompletableFuture.completedFuture(false);
    }
    LdapAuthConfig c = p.config();
    // the user is one RDN value, escaped (Kong concatenates it raw, which lets a name with a comma pick another DN)
    String dn = new RDN(c.attribute(), a.username()).toString() + "," + c.baseDn();
    // Kong's key leaves out the TLS mode and verify_ldap_host: a verdict got over an unverified
    // connection must not serve a verifying instance, so the cache tells them apart
    String key = LdapBinds.key(a.id(), p.target().tls(), p.target().verify());
    return LdapBinds.verdict(key, p.target(), p.tls(), c.cacheTtl(), a.username(), dn, a.password())
        .thenApply(v -> v == Directory.Verdict.ACCEPTED);
  }

  /** Kong's {@code retrieve_credentials}: null when the scheme, the base64 or the {@code user:password} shape is wrong. */
  private static @Nullable Attempt attempt(Prepared p, String value) {
    Matcher m = p.scheme().matcher(value);
    if (!m.find()) {
      return null;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(value.substring(m.end()));
    } catch (IllegalArgumentException e) {
      return null; // Kong fails on a nil match subject (a 500); not a credential either way
    }
    // bytes as Lua sees them: one char per byte
    Matcher up = USER_PASSWORD.matcher(new String(decoded, StandardCharsets.ISO_8859_1));
    if (!up.matches()) {
      return null;
    }
    String userBytes = up.group(1);
    byte[] password = up.group(2).getBytes(StandardCharsets.ISO_8859_1);
    String username = new String(userBytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return new Attempt(username, password, cacheKey(p.keyPrefix(), userBytes, password));
  }

  /** {@code ldap_auth_cache:} + sha256(host:port:base_dn:attribute:cache_ttl:user:password), as Kong. */
  private static String cacheKey(String prefix, String userBytes, byte[] password) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(prefix.length() + userBytes.length() + password.length + 1);
    b.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    b.writeBytes(userBytes.getBytes(StandardCharsets.ISO_8859_1));
    b.write(':');
    b.writeBytes(password);
    try {
      return "ldap_auth_cache:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void fail(AccessPhase ctx, Prepared p) {
    AuthOutcome.fail(ctx, p.snapshot(), p.config().anonymous(), 401, "Unauthorized",
        Map.of("WWW-Authenticate", p.challenge()));
  }
}
