package io.gatehouse.core.vault;

/** A reference that cannot be resolved, with Kong's wording where Kong has one. */
public final class VaultException extends RuntimeException {
  /** Whether the reference itself is wrong or its secret could not be read. */
  public enum Kind { INVALID, UNRESOLVED }

  private final Kind kind;

  public VaultException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
