package io.gatehouse.plugins.keyauth;

import io.gatehouse.core.model.Consumer;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.AuthOutcome;
import io.gatehouse.plugin.ClientRequest;
import io.gatehouse.plugin.Credential;
import io.gatehouse.plugin.NeedsRequestBody;
import io.gatehouse.plugin.PluginSnapshot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** key-auth's access phase for one snapshot (reference plugins §3, Behaviour; Kong 3.7+ messages). */
final class KeyAuthHandler implements Access<KeyAuthConfig>, NeedsRequestBody<KeyAuthConfig> {
  static final String NO_KEY = "No API key found in request";
  static final String DUPLICATE = "Duplicate API key found";
  static final String INVALID = "Unauthorized";

  private final PluginSnapshot snapshot;
  private final KeyIndex keys;

  KeyAuthHandler(PluginSnapshot snapshot, KeyIndex keys) {
    this.snapshot = snapshot;
    this.keys = keys;
  }

  @Override
  public boolean needsRequestBody(ClientRequest request, KeyAuthConfig config) {
    return config.keyInBody() && (request.header("Content-Length") != null || request.header("Transfer-Encoding") != null);
  }

  @Override
  public void access(AccessContext ctx, KeyAuthConfig config) {
    if (!config.runOnPreflight() && ctx.request().method().equals("OPTIONS")) {
      return;
    }
    if (AuthOutcome.skip(ctx, config.anonymous())) {
      return;
    }
    String failure = authenticate(ctx, config);
    if (failure != null) {
      String challenge = config.realm() == null ? "Key" : "Key realm=\"" + config.realm() + "\"";
      AuthOutcome.fail(ctx, snapshot, config.anonymous(), 401, failure, Map.of("WWW-Authenticate", challenge));
    }
  }

  /** Authenticates the request; returns the failure message, or null on success. */
  private @Nullable String authenticate(AccessContext ctx, KeyAuthConfig config) {
    ClientRequest req = ctx.request();
    String key = null;
    byte[] raw = config.keyInBody() ? ctx.requestBody() : null;
    BodyKey body = raw == null ? null : new BodyKey(req.header("Content-Type"), raw);
    for (String name : config.keyNames()) {
      // header, then query, then body: the first location holding a value decides (reference §3 step 2)
      List<String> values = config.keyInHeader() ? req.headers(name) : List.of();
      if (values.isEmpty() && config.keyInQuery()) {
        values = req.queryArgs(name);
      }
      boolean inBody = false;
      if (values.isEmpty() && body != null) {
        values = body.values(name);
        inBody = true;
      }
      if (values.size() > 1) {
        return DUPLICATE;
      }
      if (values.size() == 1) {
        key = values.getFirst();
        if (config.hideCredentials()) {
          ctx.upstream().removeHeader(name);
          ctx.upstream().removeHeader(name.replace('_', '-'));
          ctx.upstream().removeQueryArg(name);
          if (inBody) {
            ctx.upstream().setBody(body.without(name));
          }
        }
        break;
      }
    }
    if (key == null || key.isEmpty()) {
      return NO_KEY;
    }
    KeyIndex.Entry entry = keys.find(key);
    if (entry == null || entry.expiresAtMillis() <= ctx.nowMillis()) {
      return INVALID;
    }
    Consumer consumer = entry.consumer(); // looked up in this snapshot when the index was built
    if (consumer == null) {
      return INVALID; // the consumer went away with its credentials; the next snapshot drops the key
    }
    ctx.authenticate(consumer, new Credential(entry.credentialId(), entry.consumerId(), entry.credentialId()));
    return null;
  }
}
