package io.gatehouse.plugins.hmacauth;

import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Validator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** hmac-auth's config, Kong 3.9's fields and defaults in Kong's order. */
public record HmacAuthConfig(
    @Default("false") boolean hideCredentials,
    @Default("300") @Check(Positive.class) double clockSkew,
    @Nullable String anonymous,
    @Default("false") boolean validateRequestBody,
    @Default({}) List<String> enforceHeaders,
    @Default({"hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"})
        List<@OneOf({"hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"}) String> algorithms,
    @Nullable String realm) {

  /** Kong's {@code gt = 0}. */
  public static final class Positive implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return value instanceof Number n && n.doubleValue() > 0 ? null : "value must be greater than 0";
    }
  }

  /** The WWW-Authenticate value of a 401. */
  String challenge() {
    return realm == null ? "hmac" : "hmac realm=\"" + realm + "\"";
  }
}
