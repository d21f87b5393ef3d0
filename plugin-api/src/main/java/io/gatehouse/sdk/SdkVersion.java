package io.gatehouse.sdk;

/**
 * The version of this SPI. A plugin jar records the version it was built against in its manifest
 * ({@code Gatehouse-Plugin-Api: 1.0}, see {@link #MANIFEST_ATTRIBUTE}); the gateway refuses to load a
 * plugin whose major version differs or whose minor version is newer than its own, with an error
 * naming both versions. Within a major version the SPI only grows.
 */
public final class SdkVersion {
  /** This SPI's version, {@code major.minor}. */
  public static final String CURRENT = "1.2";

  /** The plugin jar's manifest attribute holding the SPI version it was compiled against. */
  public static final String MANIFEST_ATTRIBUTE = "Gatehouse-Plugin-Api";

  private SdkVersion() {}

  /**
   * Whether a plugin built against {@code builtAgainst} runs on an SPI of version {@code runtime}:
   * same major, and a minor no newer than the runtime's.
   *
   * @throws IllegalArgumentException when a version is not {@code major.minor}
   */
  public static boolean compatible(String builtAgainst, String runtime) {
    int[] b = parse(builtAgainst);
    int[] r = parse(runtime);
    return b[0] == r[0] && b[1] <= r[1];
  }

  private static int[] parse(String v) {
    String[] parts = v.trim().split("\\.");
    try {
      return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("plugin API version must be major.minor, got '" + v + "'", e);
    }
  }
}
