package io.gatehouse.manager;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code /kconfig.js} tells the UI, Kong's {@code kong/admin_gui} variables: {@code admin_gui_path},
 * {@code admin_gui_api_url}, the Admin API's first plain and first TLS port, {@code anonymous_reports},
 * and Kong Enterprise's RBAC variables ({@code RBAC}, {@code RBAC_ENFORCED}, {@code RBAC_HEADER}) so the
 * UI knows to ask for a token and which header carries it.
 *
 * @param path {@code admin_gui_path}: {@code /} or a path without a trailing slash
 * @param rbac {@code enforce_rbac}: {@code off}, {@code on}, {@code entity} or {@code both}
 * @param rbacHeader {@code admin_gui_auth_header}
 * @param guiAuth {@code admin_gui_auth} ({@code basic-auth}, or empty for token logins), Kong's {@code ADMIN_GUI_AUTH}
 */
public record ManagerConfig(String path, @Nullable String apiUrl, @Nullable Integer apiPort,
    @Nullable Integer apiSslPort, boolean anonymousReports, String rbac, String rbacHeader, String guiAuth) {

  /** Without {@code admin_gui_auth}: the UI logs in with a token. */
  public ManagerConfig(String path, @Nullable String apiUrl, @Nullable Integer apiPort, @Nullable Integer apiSslPort,
      boolean anonymousReports, String rbac, String rbacHeader) {
    this(path, apiUrl, apiPort, apiSslPort, anonymousReports, rbac, rbacHeader, "");
  }

  public ManagerConfig {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("admin_gui_path: expected a path starting with /, got " + path);
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
  }

  /** {@code admin_gui_path} with one trailing slash: the base every asset URL is relative to. */
  static String base(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("admin_gui_path: expected a path starting with /, got " + path);
    }
    return path.endsWith("/") ? path : path + "/";
  }

  /** Kong's kconfig.js: {@code window.K_CONFIG} with each value a string, absent ones empty. */
  String kconfig() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("ADMIN_GUI_PATH", path);
    vars.put("ADMIN_API_URL", apiUrl == null ? "" : apiUrl);
    vars.put("ADMIN_API_PORT", apiPort == null ? "" : apiPort.toString());
    vars.put("ADMIN_API_SSL_PORT", apiSslPort == null ? "" : apiSslPort.toString());
    vars.put("ANONYMOUS_REPORTS", Boolean.toString(anonymousReports));
    vars.put("RBAC", rbac);
    vars.put("RBAC_ENFORCED", Boolean.toString(!rbac.equals("off")));
    vars.put("RBAC_HEADER", rbacHeader);
    vars.put("ADMIN_GUI_AUTH", guiAuth);
    StringBuilder out = new StringBuilder("window.K_CONFIG = {\n");
    int i = 0;
    for (var e : vars.entrySet()) {
      out.append("  '").append(e.getKey()).append("': '").append(jsString(e.getValue())).append('\'')
          .append(++i < vars.size() ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  /** Escapes a value for a single-quoted JS string (Kong writes values raw; a quote here must not break out). */
  private static String jsString(String v) {
    StringBuilder b = new StringBuilder();
    for (char c : v.toCharArray()) {
      switch (c) {
        case '\'', '\\' -> b.append('\\').append(c);
        case '<' -> b.append("\\x3c");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
