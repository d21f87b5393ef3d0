package io.gatehouse.plugins.logqueue;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/** The machine's host name, as Kong's {@code kong.node.get_hostname()} ({@code gethostname(2)}); empty when unknown. */
public final class NodeHostname {
  private static volatile @Nullable String cached;

  private NodeHostname() {}

  public static String get() {
    String h = cached;
    if (h == null) {
      cached = h = lookUp();
    }
    return h;
  }

  private static String lookUp() {
    try {
      // getLocalHost keeps the name gethostname gave it; no reverse lookup happens
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "" : env;
    }
  }
}
