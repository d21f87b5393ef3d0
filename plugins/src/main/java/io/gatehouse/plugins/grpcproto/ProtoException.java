package io.gatehouse.plugins.grpcproto;

/** A {@code .proto} file that cannot be read, parsed or linked. */
public final class ProtoException extends Exception {
  public ProtoException(String message, Throwable cause) {
    super(message, cause);
  }

  public ProtoException(String message) {
    super(message);
  }
}
