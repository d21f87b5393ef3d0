package io.gatehouse.core.expr;

/** An expression that does not parse or does not type-check; the message says where and why. */
public final class ExpressionException extends RuntimeException {
  public ExpressionException(String message) {
    super(message);
  }
}
