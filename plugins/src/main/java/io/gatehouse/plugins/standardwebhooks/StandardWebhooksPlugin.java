package io.gatehouse.plugins.standardwebhooks;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Referenceable;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kong 3.9's standard-webhooks (priority 760): {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} must be present, the timestamp no older than {@code tolerance_second},
 * the body non-empty and the signature {@code v1,base64(HMAC-SHA256(secret_v1, id.ts.body))}. As in
 * Kong the key is {@code secret_v1}'s bytes as configured (no {@code whsec_} base64 decoding) and the
 * header must equal that one signature; every failure is {@code 400}.
 */
@PluginInfo(name = "standard-webhooks", priority = 760, forbiddenScopes = Scope.CONSUMER)
public final class StandardWebhooksPlugin implements Plugin<StandardWebhooksPlugin.Config> {

  public record Config(@Referenceable String secretV1,
      @Default("300") @Between(min = 0, max = Integer.MAX_VALUE) int toleranceSecond) {}

  @Override
  public boolean needsRequestBody(Request request, Config config) {
    return true;
  }

  @Override
  public void access(AccessPhase ctx, Config config) {
    Request req = ctx.request();
    String id = req.header("webhook-id");
    String signature = req.header("webhook-signature");
    String rawTs = req.header("webhook-timestamp");
    if (id == null || signature == null || rawTs == null) {
      ctx.error(400, null, Map.of());
      return;
    }
    long ts = parse(rawTs); // unparsable: 0, which fails the tolerance check (Kong)
    if (ctx.nowMillis() / 1000.0 - ts > config.toleranceSecond()) {
      ctx.error(400, null, Map.of());
      return;
    }
    RequestBody body = ctx.requestBody();
    if (body == null || body.bytes().length == 0) {
      ctx.error(400, null, Map.of());
      return;
    }
    if (!Secrets.constantTimeEquals(signature, sign(config.secretV1(), id, ts, body.bytes()))) {
      ctx.error(400, null, Map.of());
    }
  }

  static String sign(String secret, String id, long ts, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(payload));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long parse(String s) {
    try {
      return (long) Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
