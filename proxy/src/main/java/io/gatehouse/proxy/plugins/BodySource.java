package io.gatehouse.proxy.plugins;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Where the access phase reads a whole request body from when a plugin needs it (the request flow). */
@FunctionalInterface
public interface BodySource {

  /**
   * Reads the rest of the body into memory and hands it to {@code then} on the request's event loop
   * (at once when it is already in): the bytes, or null when the body is larger than the gateway
   * buffers. The bytes still go upstream unless a plugin replaces them.
   */
  void read(Consumer<byte @Nullable []> then);
}
