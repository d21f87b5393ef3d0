package io.gatehouse.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Gatehouse's version, written into {@code version.properties} by the build. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from unpackaged classes without resources. */
  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
