package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.app.settings.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where browsers reach the portal, from Kong Enterprise's settings: {@code portal_gui_protocol} and
 * {@code portal_gui_host} (the pages' public origin), {@code portal_cors_origins} (the origins to
 * allow instead of that one) and {@code portal_api_url} (the developers' API's public address).
 * {@code portal_gui_use_subdomains = on} is refused: Gatehouse serves a workspace's portal under
 * {@code /{workspace}}, not on a subdomain.
 *
 * @param guiOrigin {@code portal_gui_protocol://portal_gui_host}; empty at Kong's defaults
 *     ({@code http://127.0.0.1:8003}), where the listeners' own origins stand for it
 * @param corsOrigins {@code portal_cors_origins} as written (empty: unset)
 * @param apiUrl {@code portal_api_url}, null when unset
 * @param guiHosts the host name of {@code portal_gui_host}, which the pages' listeners answer to
 * @param apiHosts the host names the developers' API is reached under: {@code portal_api_url}'s, or
 *     {@code portal_gui_host}'s when the pages call it on their own host
 */
record PublicPortal(String guiOrigin, List<String> corsOrigins, @Nullable String apiUrl, List<String> guiHosts,
    List<String> apiHosts) {
  static final String DEFAULT_GUI_ORIGIN = "http://127.0.0.1:8003";

  /** @throws IllegalArgumentException naming the setting that is not usable */
  static PublicPortal of(Settings s) {
    if (Boolean.TRUE.equals(s.bool("portal_gui_use_subdomains"))) {
      throw new IllegalArgumentException("portal_gui_use_subdomains = on is not supported: a workspace's portal is"
          + " served under /{workspace} (docs/portal.md)");
    }
    String protocol = s.string("portal_gui_protocol", "http");
    String host = s.string("portal_gui_host", "127.0.0.1:8003").strip();
    if (host.isEmpty() || host.matches(".*[/?#@\\s].*")) {
      throw new IllegalArgumentException("portal_gui_host: expected host[:port], got '" + host + "'");
    }
    String guiOrigin;
    try {
      guiOrigin = BrowserGuard.origin(protocol + "://" + host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("portal_gui_host: expected host[:port], got '" + host + "'", e);
    }
    String guiHost = URI.create(guiOrigin).getHost();
    String apiUrl = s.string("portal_api_url");
    List<String> apiHosts = new ArrayList<>();
    if (apiUrl != null) {
      try {
        apiHosts.add(URI.create(BrowserGuard.origin(apiUrl)).getHost());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("portal_api_url: " + e.getMessage() + " (expected http(s)://host[:port][/path])", e);
      }
    } else {
      apiHosts.add(guiHost);
    }
    List<String> cors = s.list("portal_cors_origins").stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    // at Kong's defaults (http, 127.0.0.1:8003, the default listener's origin) the listeners' own
    // origins stand for the pages' origin: they include it at the default listener, and follow a moved one
    boolean atDefaults = guiOrigin.equals(DEFAULT_GUI_ORIGIN);
    return new PublicPortal(atDefaults ? "" : guiOrigin, cors, apiUrl, atDefaults ? List.of() : List.of(guiHost),
        atDefaults && apiUrl == null ? List.of() : List.copyOf(apiHosts));
  }

  /** A workspace's {@code config.portal_cors_origins} (Kong Enterprise's array; anything else counts as none). */
  static List<String> corsOrigins(JsonNode workspaceConfig) {
    JsonNode list = workspaceConfig.path("portal_cors_origins");
    if (!list.isArray()) return List.of();
    List<String> out = new ArrayList<>();
    list.forEach(o -> {
      if (o.isTextual() && !o.asText().isBlank()) out.add(o.asText().strip());
    });
    return List.copyOf(out);
  }
}
