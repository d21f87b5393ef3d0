package io.gatehouse.plugins.hmacauth;

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

/** hmac-auth: priority 1030, access only, cannot be scoped to a consumer (Kong's no_consumer). */
@PluginInfo(name = "hmac-auth", priority = 1030, forbiddenScopes = Scope.CONSUMER)
public final class HmacAuthPlugin implements PreparedPlugin<HmacAuthConfig, HmacAuthHandler.Prepared> {

  /** A credential: {@code /hmac-auths}, {@code /consumers/{c}/hmac-auth}; the secret is generated when absent. */
  @Entity(table = "hmacauth_credentials", adminApiName = "hmac-auths", nestedName = "hmac-auth",
      endpointKey = "username")
  public record HmacAuthCredential(@Unique String username, @Auto @Nullable String secret) {}

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(HmacAuthCredential.class);
  }

  @Override
  public HmacAuthHandler.Prepared prepare(HmacAuthConfig config, Snapshot snapshot) {
    return new HmacAuthHandler.Prepared(config, snapshot.shared(HmacAuthHandler.Credentials.class,
        HmacAuthHandler.Credentials::of), snapshot);
  }

  @Override
  public boolean needsRequestBody(Request request, HmacAuthHandler.Prepared prepared) {
    return prepared.config().validateRequestBody();
  }

  @Override
  public void access(AccessPhase ctx, HmacAuthHandler.Prepared prepared) {
    HmacAuthHandler.access(ctx, prepared);
  }
}
