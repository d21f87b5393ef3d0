package io.gatehouse.plugins.keyauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.Snapshot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** key-auth's access phase (reference plugins §3, Behaviour; Kong 3.7+ messages). */
final class KeyAuthHandler {
  static final String NO_KEY = "No API key found in request";
  static final String DUPLICATE = "Duplicate API key found";
  static final String INVALID = "Unauthorized";

  private KeyAuthHandler() {}

  /** One instance's config, with the snapshot's keys (the snapshot for the anonymous consumer). */
  record Prepared(KeyAuthConfig config, KeyIndex keys, Snapshot snapshot) {}

  static void access(AccessPhase ctx, Prepared prepared) {
    KeyAuthConfig config = prepared.config();
    if (!config.runOnPreflight() && ctx.request().method().equals("OPTIONS")) {
      return;
    }
    if (AuthOutcome.skip(ctx, config.anonymous())) {
      return;
    }
    String failure = authenticate(ctx, config, prepared.keys());
    if (failure != null) {
      String challenge = config.realm() == null ? "Key" : "Key realm=\"" + config.realm() + "\"";
      AuthOutcome.fail(ctx, prepared.snapshot(), config.anonymous(), 401, failure, Map.of("WWW-Authenticate", challenge));
    }
  }

  /** Authenticates the request; returns the failure message, or null on success. */
  private static @Nullable String authenticate(AccessPhase ctx, KeyAuthConfig config, KeyIndex keys) {
    Request req = ctx.request();
    String key = null;
    RequestBody raw = config.keyInBody() ? ctx.requestBody() : null;
    BodyKey body = raw == null ? null : new BodyKey(raw);
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
    KeyIndex.Entry entry = keys.find(ctx.route(), key);
    if (entry == null || entry.expiresAtMillis() <= ctx.nowMillis()) {
      return INVALID;
    }
    if (entry.consumer() == null) {
      return INVALID; // the consumer went away with its credentials; the next snapshot drops the key
    }
    ctx.authenticate(entry.consumer(), new Credential(entry.credentialId(), entry.consumerId(), entry.credentialId()));
    return null;
  }
}
