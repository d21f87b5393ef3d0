package io.gatehouse.portal;

import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The portal's web pages (plain HTML and JavaScript, no build step): the page, its scripts, Chart.js
 * and Swagger UI from their WebJars, and {@code portal-config.js}, which tells the script where the
 * developers' API is: its ports, or {@code portal_api_url}.
 */
public final class PortalGui {
  static final String CHART_JS_VERSION = "4.4.1";
  static final String SWAGGER_UI_VERSION = "5.35.0";
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION + "/";
  private final IntSupplier apiPort;
  private final IntSupplier apiSslPort;
  private final java.util.function.Predicate<String> workspacePortal;
  private final String page = resource("index.html");
  private final String script = resource("portal.js");
  private final String usageScript = resource("usage.js");
  private final String docsScript = resource("docs.js");
  /** Swagger UI's dist bundle and style sheet from its WebJar: the rendered API docs and try-it console. */
  private final String swaggerUi = classpath(SWAGGER_UI + "swagger-ui-bundle.js");
  private final String swaggerCss = classpath(SWAGGER_UI + "swagger-ui.css");
  /** Chart.js's UMD build from its WebJar (the Manager serves the same one). */
  private final String chartJs = classpath("META-INF/resources/webjars/chart.js/" + CHART_JS_VERSION + "/dist/chart.umd.js");

  private final @Nullable String apiUrl;

  private PortalGui(IntSupplier apiPort, IntSupplier apiSslPort, java.util.function.Predicate<String> workspacePortal,
      @Nullable String apiUrl) {
    this.apiPort = apiPort;
    this.apiSslPort = apiSslPort;
    this.workspacePortal = workspacePortal;
    this.apiUrl = apiUrl;
  }

  /**
   * Serves the pages on {@code host:port} (port 0 binds a free one); they call the developers' API
   * on the page's own host name at {@code apiPort}, read when a page loads.
   */
  public static AdminHttpServer start(String host, int port, IntSupplier apiPort) {
    return start(host, port, apiPort, name -> false);
  }

  /**
   * As above, serving also the page of each workspace whose portal is on at {@code /{workspace}/};
   * the script then calls that workspace's developers' API ({@code /{workspace}/…}).
   */
  public static AdminHttpServer start(String host, int port, IntSupplier apiPort,
      java.util.function.Predicate<String> workspacePortal) {
    return start(host, port, apiPort, () -> 0, workspacePortal, null);
  }

  /**
   * As above, over HTTPS when {@code tls} is given (an {@code ssl} entry of {@code portal_gui_listen});
   * a page loaded over HTTPS calls the developers' API at {@code apiSslPort}.
   */
  public static AdminHttpServer start(String host, int port, IntSupplier apiPort, IntSupplier apiSslPort,
      java.util.function.Predicate<String> workspacePortal, io.netty.handler.ssl.@Nullable SslContext tls) {
    return start(host, port, apiPort, apiSslPort, workspacePortal, tls, null, List.of());
  }

  /**
   * As above, with the portal's public address: the pages call the developers' API at
   * {@code apiUrl} (Kong Enterprise's {@code portal_api_url}; a workspace's under
   * {@code apiUrl/{workspace}}) instead of on their own host at the API's port, and a loopback
   * listener answers to the {@code hosts} the portal is reached under ({@code portal_gui_host}'s).
   */
  public static AdminHttpServer start(String host, int port, IntSupplier apiPort, IntSupplier apiSslPort,
      java.util.function.Predicate<String> workspacePortal, io.netty.handler.ssl.@Nullable SslContext tls,
      @Nullable String apiUrl, List<String> hosts) {
    RouteTable routes = new PortalGui(apiPort, apiSslPort, workspacePortal, apiUrl).routes();
    return AdminHttpServer.start(host, port, 0, false, BrowserGuard.forListener(host).withHosts(hosts), AdminFilter.NONE,
        () -> routes, tls);
  }

  private RouteTable routes() {
    RouteTable r = new RouteTable();
    r.add("/", "GET", (req, p) -> page());
    r.add("/{portal_workspace}", "GET", (req, p) -> workspacePortal.test(p.get("portal_workspace")) ? page()
        : AdminResponse.notFound());
    r.add("/portal.js", "GET", (req, p) -> AdminResponse.text(200, "text/javascript; charset=utf-8", script));
    r.add("/usage.js", "GET", (req, p) -> AdminResponse.text(200, "text/javascript; charset=utf-8", usageScript));
    r.add("/docs.js", "GET", (req, p) -> AdminResponse.text(200, "text/javascript; charset=utf-8", docsScript));
    r.add("/swagger-ui.js", "GET", (req, p) -> AdminResponse.text(200, "text/javascript; charset=utf-8", swaggerUi));
    r.add("/swagger-ui.css", "GET", (req, p) -> AdminResponse.text(200, "text/css; charset=utf-8", swaggerCss));
    r.add("/chart.js", "GET", (req, p) -> AdminResponse.text(200, "text/javascript; charset=utf-8", chartJs));
    r.add("/portal-config.js", "GET", (req, p) -> AdminResponse.text(200, "text/javascript; charset=utf-8",
        "window.PORTAL_API_PORT = " + apiPort.getAsInt() + ";\nwindow.PORTAL_API_SSL_PORT = " + apiSslPort.getAsInt() + ";\n"
            + "window.PORTAL_API_URL = " + (apiUrl == null ? "null" : Json.write(TextNode.valueOf(apiUrl))) + ";\n")
        .withHeader("Cache-Control", "no-store"));
    r.add("/favicon.ico", "GET", (req, p) -> AdminResponse.empty(204)); // none, and no 404 in the console
    return r;
  }

  private AdminResponse page() {
    return AdminResponse.text(200, "text/html; charset=utf-8", page)
        // connect-src http(s): the developers' API and, for try-it, the proxy are other origins; Swagger UI draws icons as data: images
        .withHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self' http: https:; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:");
  }

  private static String resource(String name) {
    return classpath("io/gatehouse/portal/gui/" + name);
  }

  private static String classpath(String name) {
    try (InputStream in = PortalGui.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing portal GUI resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
