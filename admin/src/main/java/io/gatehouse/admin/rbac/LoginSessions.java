package io.gatehouse.admin.rbac;

import java.time.Duration;
import java.util.Objects;

/**
 * The Manager's login sessions with {@code admin_gui_auth = basic-auth}, from Kong Enterprise's
 * {@code admin_gui_session_conf}: the cookie's name, how long a session lives, and whether the cookie
 * is {@code Secure} (sent over HTTPS only). The cookie is always {@code HttpOnly} and
 * {@code SameSite=Strict}.
 */
public record LoginSessions(String cookieName, Duration lifetime, boolean secure) {
  /** Gatehouse's defaults: {@code admin_session}, one hour, not Secure (the Admin API listens on plain HTTP by default). */
  public static final LoginSessions DEFAULTS = new LoginSessions("admin_session", Duration.ofHours(1), false);

  public LoginSessions {
    Objects.requireNonNull(cookieName, "cookieName");
    if (!cookieName.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("admin_gui_session_conf: cookie_name: expected letters, digits, '_' or '-', got '"
          + cookieName + "'");
    }
    if (Objects.requireNonNull(lifetime, "lifetime").isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("admin_gui_session_conf: cookie_lifetime: expected a positive number of seconds, got "
          + lifetime.toSeconds());
    }
  }
}
