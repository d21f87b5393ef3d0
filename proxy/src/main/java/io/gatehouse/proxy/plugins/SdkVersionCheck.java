package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.SdkVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before a plugin class is instantiated, that the SDK version its jar was built against
 * ({@code Gatehouse-Plugin-Api} in the jar's manifest) runs on this gateway's SDK.
 */
final class SdkVersionCheck {
  private static final Logger log = LoggerFactory.getLogger(SdkVersionCheck.class);

  private SdkVersionCheck() {}

  /**
   * @throws IllegalStateException naming both versions when they are incompatible
   */
  static void check(Class<?> type) {
    String builtAgainst = builtAgainst(type);
    if (builtAgainst == null) {
      log.warn("plugin class {} does not say which plugin API it was built against (manifest attribute {}); "
          + "assuming {}", type.getName(), SdkVersion.MANIFEST_ATTRIBUTE, SdkVersion.CURRENT);
      return;
    }
    boolean ok;
    try {
      ok = SdkVersion.compatible(builtAgainst, SdkVersion.CURRENT);
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      throw new IllegalStateException("plugin class " + type.getName() + " was built against plugin API "
          + builtAgainst + ", but this gateway provides plugin API " + SdkVersion.CURRENT
          + " (a plugin runs on the same major version with an equal or older minor version); rebuild it against "
          + "gatehouse-plugin-api " + SdkVersion.CURRENT);
    }
  }

  /** The manifest attribute of the jar holding {@code type}, or null (no jar, no attribute). */
  static @Nullable String builtAgainst(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(path)) {
        return null; // a classes directory (development build): no manifest to read
      }
      try (JarFile jar = new JarFile(path.toFile())) {
        var manifest = jar.getManifest();
        return manifest == null ? null : manifest.getMainAttributes().getValue(SdkVersion.MANIFEST_ATTRIBUTE);
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
