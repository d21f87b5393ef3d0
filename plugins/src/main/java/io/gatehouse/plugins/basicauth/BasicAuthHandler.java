package io.gatehouse.plugins.basicauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Secrets;
import io.gatehouse.sdk.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * basic-auth's access phase (reference plugins §4, Behaviour). bcrypt checks run on a small pool,
 * never on the event loop; a verified password is remembered per credential as its SHA-256 so
 * repeated requests compare digests in constant time instead of re-running bcrypt.
 */
final class BasicAuthHandler {
  private static final Pattern BASIC = Pattern.compile("\\s*[Bb]asic\\s*(.+)");
  private static final ExecutorService VERIFIER = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
      Thread.ofPlatform().name("basic-auth-verify-", 0).daemon().factory());

  /** A credential of this snapshot, with its consumer (null when gone). */
  private record Stored(String id, String consumerId, String username, String hash, @Nullable Consumer consumer) {}

  /** What the slow path hands to {@link #resume}. */
  private record Checked(Stored credential, boolean ok) {}

  private BasicAuthHandler() {}

  /** One instance's config, with the snapshot's credentials. */
  record Prepared(BasicAuthConfig config, Credentials credentials, Snapshot snapshot) {}

  /** The snapshot's credentials by username, and the passwords verified so far. */
  static final class Credentials {
    private final ByWorkspace<String, Stored> byUsername = new ByWorkspace<>();
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>(); // credential id → sha256(password)

    static Credentials of(Snapshot snapshot) {
      Credentials c = new Credentials();
      for (Row row : snapshot.rows("basicauth_credentials")) {
        String user = row.text("username");
        String hash = row.text("password");
        String consumer = row.consumerId();
        if (user != null && hash != null && consumer != null) {
          c.byUsername.put(row, user, new Stored(row.id(), consumer, user, hash, snapshot.consumerById(consumer).orElse(null)));
        }
      }
      return c;
    }
  }

  static @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared prepared) {
    BasicAuthConfig config = prepared.config();
    ByWorkspace<String, Stored> byUsername = prepared.credentials().byUsername;
    Map<String, byte[]> verified = prepared.credentials().verified;
    if (AuthOutcome.skip(ctx, config.anonymous())) {
      return null;
    }
    String proxyAuth = ctx.request().header("Proxy-Authorization");
    String auth = ctx.request().header("Authorization");
    if (proxyAuth == null && auth == null) {
      fail(ctx, prepared);
      return null;
    }
    String[] given = parse(ctx, config, proxyAuth, "Proxy-Authorization");
    Stored credential = given == null ? null : byUsername.get(ctx.route(), given[0]);
    if (credential == null) {
      given = parse(ctx, config, auth, "Authorization");
      credential = given == null ? null : byUsername.get(ctx.route(), given[0]);
    }
    if (credential == null) {
      fail(ctx, prepared);
      return null;
    }
    String password = given[1];
    if (PasswordHashes.isBcrypt(credential.hash())) {
      byte[] known = verified.get(credential.id());
      if (known != null && MessageDigest.isEqual(known, Secrets.sha256(password))) {
        succeed(ctx, credential);
        return null;
      }
      Stored c = credential;
      return CompletableFuture.supplyAsync(() -> {
        boolean ok = PasswordHashes.checkBcrypt(c.hash(), password);
        if (ok) {
          verified.put(c.id(), Secrets.sha256(password));
        }
        return new Checked(c, ok);
      }, VERIFIER);
    }
    if (PasswordHashes.checkLegacy(credential.hash(), password, credential.consumerId())) {
      succeed(ctx, credential);
    } else {
      fail(ctx, prepared);
    }
    return null;
  }

  static void resume(AccessPhase ctx, Prepared prepared, @Nullable Object result) {
    if (result instanceof Checked c && c.ok()) {
      succeed(ctx, c.credential());
    } else {
      fail(ctx, prepared);
    }
  }

  /** {@code [username, password]} from a Basic header, or null; hides the header when configured. */
  private static String @Nullable [] parse(AccessPhase ctx, BasicAuthConfig config, @Nullable String value, String header) {
    if (value == null) {
      return null;
    }
    Matcher m = BASIC.matcher(value);
    if (!m.matches()) {
      return null;
    }
    if (config.hideCredentials()) {
      ctx.upstream().removeHeader(header);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(m.group(1).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null; // no colon, or an empty username
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static void succeed(AccessPhase ctx, Stored c) {
    Consumer consumer = c.consumer(); // looked up in this snapshot when the credentials were indexed
    if (consumer == null) {
      ctx.error(500, null, Map.of());
      return;
    }
    ctx.authenticate(consumer, new Credential(c.id(), c.consumerId(), c.username()));
  }

  private static void fail(AccessPhase ctx, Prepared prepared) {
    BasicAuthConfig config = prepared.config();
    AuthOutcome.fail(ctx, prepared.snapshot(), config.anonymous(), 401, "Unauthorized",
        Map.of("WWW-Authenticate", "Basic realm=\"" + config.realm() + "\""));
  }
}
