package io.gatehouse.plugins.basicauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import io.gatehouse.sdk.Transform;
import io.gatehouse.sdk.Unique;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** basic-auth: priority 1100, access only (async: bcrypt runs off the event loop), cannot be scoped to a consumer. */
@PluginInfo(name = "basic-auth", priority = 1100, forbiddenScopes = Scope.CONSUMER)
public final class BasicAuthPlugin implements PreparedPlugin<BasicAuthConfig, BasicAuthHandler.Prepared> {

  /** A credential: {@code /basic-auths}, {@code /consumers/{c}/basic-auth}. */
  @Entity(table = "basicauth_credentials", adminApiName = "basic-auths", nestedName = "basic-auth",
      endpointKey = "username")
  public record BasicAuthCredential(@Unique String username, @Transform(Bcrypt.class) String password) {}

  /**
   * Kong hashes on every write; we hash with bcrypt and leave existing bcrypt hashes alone. A
   * declarative file with {@code _transform: false} holds stored hashes (Kong's sha1 ones too).
   */
  public static final class Bcrypt implements Transform.Transformer {
    @Override
    public String apply(String password) {
      return PasswordHashes.isBcrypt(password) ? password : PasswordHashes.bcrypt(password);
    }
  }

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(BasicAuthCredential.class);
  }

  @Override
  public BasicAuthHandler.Prepared prepare(BasicAuthConfig config, Snapshot snapshot) {
    return new BasicAuthHandler.Prepared(config, snapshot.shared(BasicAuthHandler.Credentials.class,
        BasicAuthHandler.Credentials::of), snapshot);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, BasicAuthHandler.Prepared prepared) {
    return BasicAuthHandler.accessAsync(ctx, prepared);
  }

  @Override
  public void resume(AccessPhase ctx, BasicAuthHandler.Prepared prepared, @Nullable Object result) {
    BasicAuthHandler.resume(ctx, prepared, result);
  }
}
