package io.gatehouse.plugins.jwt;

import io.gatehouse.sdk.ByWorkspace;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot's {@code jwt_secrets} by {@code key}, each with its signature checks prepared: keys
 * are parsed and verifiers built when the snapshot is built, never per request. Keys are per
 * workspace: a route sees only its own workspace's.
 */
final class JwtSecrets {

  /**
   * One credential.
   *
   * @param plain the check with the secret as stored; null when there is no usable key material
   * @param base64 HS* only: the check with the secret base64-decoded ({@code secret_is_base64});
   *     null when it does not decode
   */
  record Secret(String id, String consumerId, String key, String algorithm,
      @Nullable SignatureCheck plain, @Nullable SignatureCheck base64) {

    @Nullable SignatureCheck check(boolean secretIsBase64) {
      return secretIsBase64 && algorithm.startsWith("HS") ? base64 : plain;
    }
  }

  private final ByWorkspace<String, Secret> byKey;

  private JwtSecrets(ByWorkspace<String, Secret> byKey) {
    this.byKey = byKey;
  }

  static JwtSecrets of(Snapshot snapshot) {
    ByWorkspace<String, Secret> map = new ByWorkspace<>();
    for (Row row : snapshot.rows("jwt_secrets")) {
      String key = row.text("key");
      String consumer = row.consumerId();
      if (key == null || consumer == null) {
        continue;
      }
      String alg = row.text("algorithm") == null ? "HS256" : row.text("algorithm");
      SignatureCheck plain = null;
      SignatureCheck decoded = null;
      if (alg.startsWith("HS")) {
        String secret = row.text("secret");
        if (secret != null) {
          plain = SignatureCheck.hmac(alg, secret.getBytes(StandardCharsets.UTF_8));
          byte[] bytes = JwtToken.base64(secret);
          decoded = bytes == null ? null : SignatureCheck.hmac(alg, bytes);
        }
      } else {
        String pem = row.text("rsa_public_key");
        PublicKey pub = pem == null ? null : PublicKeys.parse(pem);
        plain = pub == null ? null : SignatureCheck.publicKey(alg, pub);
      }
      map.put(row, key, new Secret(row.id(), consumer, key, alg, plain, decoded));
    }
    return new JwtSecrets(map);
  }

  @Nullable Secret find(@Nullable Route route, String key) {
    return byKey.get(route, key);
  }
}
