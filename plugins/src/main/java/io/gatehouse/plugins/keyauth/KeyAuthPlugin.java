package io.gatehouse.plugins.keyauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import io.gatehouse.sdk.Unique;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** key-auth: priority 1250, access only, cannot be scoped to a consumer. */
@PluginInfo(name = "key-auth", priority = 1250, forbiddenScopes = Scope.CONSUMER)
public final class KeyAuthPlugin implements PreparedPlugin<KeyAuthConfig, KeyAuthHandler.Prepared> {

  /** An API key: {@code /key-auths}, {@code /consumers/{c}/key-auth}; generated when not given. */
  @Entity(table = "keyauth_credentials", adminApiName = "key-auths", nestedName = "key-auth",
      endpointKey = "key", ttl = true)
  public record KeyAuthCredential(@Unique @Auto @Nullable String key) {}

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(KeyAuthCredential.class);
  }

  @Override
  public KeyAuthHandler.Prepared prepare(KeyAuthConfig config, Snapshot snapshot) {
    return new KeyAuthHandler.Prepared(config, snapshot.shared(KeyIndex.class, KeyIndex::of), snapshot);
  }

  @Override
  public boolean needsRequestBody(Request request, KeyAuthHandler.Prepared prepared) {
    return prepared.config().keyInBody()
        && (request.header("Content-Length") != null || request.header("Transfer-Encoding") != null);
  }

  @Override
  public void access(AccessPhase ctx, KeyAuthHandler.Prepared prepared) {
    KeyAuthHandler.access(ctx, prepared);
  }
}
