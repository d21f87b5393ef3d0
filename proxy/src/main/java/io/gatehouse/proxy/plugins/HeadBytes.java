package io.gatehouse.proxy.plugins;

/**
 * Response headers that can tell their size on the wire without building names or lists: the log's
 * {@code response.size} and the metrics plugins read it on every request.
 */
public interface HeadBytes {
  /** The header lines as sent: each {@code name: value\r\n}. */
  long headerLineBytes();
}
