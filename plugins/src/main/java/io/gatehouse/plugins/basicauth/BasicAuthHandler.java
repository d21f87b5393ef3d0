package io.gatehouse.plugins.basicauth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.Consumer;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.AsyncAccess;
import io.gatehouse.plugin.AuthOutcome;
import io.gatehouse.plugin.Credential;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugin.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
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
final class BasicAuthHandler implements AsyncAccess<BasicAuthConfig> {
  private static final Pattern BASIC = Pattern.compile("\\s*[Bb]asic\\s*(.+)");
  private static final ExecutorService VERIFIER = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
      Thread.ofPlatform().name("basic-auth-verify-", 0).daemon().factory());

  /** A credential of this snapshot. */
  private record Stored(String id, String consumerId, String username, String hash) {}

  /** What the slow path hands to {@link #resume}. */
  private record Checked(Stored credential, boolean ok) {}

  private final PluginSnapshot snapshot;
  private final Map<String, Stored> byUsername = new HashMap<>();
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>(); // credential id → sha256(password)

  BasicAuthHandler(PluginSnapshot snapshot) {
    this.snapshot = snapshot;
    for (ObjectNode row : snapshot.table("basicauth_credentials")) {
      String user = Json.text(row, "username");
      String hash = Json.text(row, "password");
      String consumer = Json.foreignId(row, "consumer");
      if (user != null && hash != null && consumer != null) {
        byUsername.put(user, new Stored(Json.text(row, "id"), consumer, user, hash));
      }
    }
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessContext ctx, BasicAuthConfig config) {
    if (AuthOutcome.skip(ctx, config.anonymous())) {
      return null;
    }
    String proxyAuth = ctx.request().header("Proxy-Authorization");
    String auth = ctx.request().header("Authorization");
    if (proxyAuth == null && auth == null) {
      fail(ctx, config);
      return null;
    }
    String[] given = parse(ctx, config, proxyAuth, "Proxy-Authorization");
    Stored credential = given == null ? null : byUsername.get(given[0]);
    if (credential == null) {
      given = parse(ctx, config, auth, "Authorization");
      credential = given == null ? null : byUsername.get(given[0]);
    }
    if (credential == null) {
      fail(ctx, config);
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
      fail(ctx, config);
    }
    return null;
  }

  @Override
  public void resume(AccessContext ctx, BasicAuthConfig config, @Nullable Object result) {
    if (result instanceof Checked c && c.ok()) {
      succeed(ctx, c.credential());
    } else {
      fail(ctx, config);
    }
  }

  /** {@code [username, password]} from a Basic header, or null; hides the header when configured. */
  private static String @Nullable [] parse(AccessContext ctx, BasicAuthConfig config, @Nullable String value, String header) {
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

  private void succeed(AccessContext ctx, Stored c) {
    Consumer consumer = snapshot.consumerById(c.consumerId()).orElse(null);
    if (consumer == null) {
      ctx.error(500, null, Map.of());
      return;
    }
    ctx.authenticate(consumer, new Credential(c.id(), c.consumerId(), c.username()));
  }

  private void fail(AccessContext ctx, BasicAuthConfig config) {
    AuthOutcome.fail(ctx, snapshot, config.anonymous(), 401, "Unauthorized",
        Map.of("WWW-Authenticate", "Basic realm=\"" + config.realm() + "\""));
  }
}
