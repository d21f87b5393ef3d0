package io.gatehouse.manager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The UI's files, read once from the class path at start (the event loop never touches the disk):
 * the Manager's own modules under {@code io/gatehouse/manager/ui/} and Vue's ES module build from its
 * WebJar, served as {@code assets/vue.js}; Chart.js's UMD build from its WebJar as {@code assets/chart.js}
 * (the traffic screen loads it on first use).
 */
final class Assets {
  static final String VUE_VERSION = "3.5.13";
  static final String CHART_JS_VERSION = "4.4.1";
  private static final String UI = "io/gatehouse/manager/ui/";
  /** The UI's files; index.html is the shell every client route answers with. */
  private static final List<String> FILES = List.of("app.js", "api.js", "router.js", "schema-form.js",
      "entities.js", "screens.js", "rbac-screens.js", "audit-screen.js", "yaml-screen.js", "line-diff.js", "entity-diff.js",
      "traffic-screen.js", "traffic-group.js", "live-metrics.js", "workspaces.js", "features.js", "portal-products.js", "portal-access.js",
      "calls-screen.js", "offset-pages.js", "style.css");

  private final Map<String, Asset> byPath = new LinkedHashMap<>();
  private final Asset index;

  /** @param basePath {@code admin_gui_path} with a trailing slash, written into index.html's {@code <base>} */
  Assets(String basePath) {
    for (String f : FILES) {
      byPath.put("assets/" + f, Asset.of(Asset.typeOf(f), read(UI + f)));
    }
    byPath.put("assets/vue.js", Asset.of(Asset.typeOf("vue.js"),
        read("META-INF/resources/webjars/vue/" + VUE_VERSION + "/dist/vue.esm-browser.prod.js")));
    byPath.put("assets/chart.js", Asset.of(Asset.typeOf("chart.js"),
        read("META-INF/resources/webjars/chart.js/" + CHART_JS_VERSION + "/dist/chart.umd.js")));
    String html = new String(read(UI + "index.html"), StandardCharsets.UTF_8)
        .replace("@BASE@", basePath.replace("\"", "%22"));
    index = Asset.of(Asset.typeOf("index.html"), html.getBytes(StandardCharsets.UTF_8));
  }

  /** The asset at {@code relative} (the path below admin_gui_path), or null. */
  @Nullable Asset get(String relative) {
    return byPath.get(relative);
  }

  Asset index() {
    return index;
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("the Manager's jar lacks " + resource);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
