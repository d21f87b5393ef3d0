package io.gatehouse.core.vault;

/**
 * How Gatehouse hides a secret it shows back (Kong's {@code GET /} does the same for kong.conf's):
 * the value becomes {@value #REDACTED}, and a name tells whether it holds one.
 */
public final class Redaction {
  /** What a secret's value is shown as, as Kong does. */
  public static final String REDACTED = "******";

  private Redaction() {}

  /** Whether a setting or field with this name holds a secret: a password, a secret, a token or key material. */
  public static boolean looksSecret(String name) {
    for (String part : name.split("_")) {
      if (part.equals("password") || part.equals("secret") || part.equals("token")
          || part.equals("key") || part.equals("passphrase")) {
        return true;
      }
    }
    return false;
  }
}
