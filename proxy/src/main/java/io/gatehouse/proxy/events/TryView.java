package io.gatehouse.proxy.events;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** One upstream try as a listener sees it (valid during the call). */
public interface TryView {
  /** 1 for the first try. */
  int number();

  /** The peer tried. */
  InetSocketAddress target();

  /** Whether the try ran on a pooled keep-alive connection. */
  boolean reused();

  /** Nanoseconds to connect (TLS handshake included); 0 on a pooled connection, -1 when it never connected. */
  long connectNanos();

  /** Nanoseconds from the try's start to the response head; -1 when none came. */
  long firstByteNanos();

  /** The response status of the try, 0 when it failed. */
  int status();

  /** Why the try failed ({@code connection refused to …}, {@code read timeout from …}), or null when it got a response. */
  @Nullable String failure();
}
