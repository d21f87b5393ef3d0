package io.gatehouse.admin.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a web browser may do with the Admin API. Anything that reaches the port can call it, so a
 * page in a browser on the same machine must not be able to: CORS grants only the allowed origins
 * (Kong's {@code admin_gui_url} plus {@code admin_cors_origins}), never an arbitrary one or
 * {@code null}; a write that a browser sends for a foreign page is refused even when it needs no
 * preflight (a form post); and on a loopback listener a {@code Host} that is not a loopback name
 * or an {@code admin_allowed_hosts} entry is refused, which defeats DNS rebinding.
 *
 * <p>Kong-visible difference, on purpose: without {@code admin_gui_url} Kong reflects any
 * {@code Origin}; this guard reflects only allowed ones. With {@code admin_gui_url} the CORS headers
 * are Kong's (an unknown origin gets the first allowed one).
 */
public final class BrowserGuard {
  /** How a listener treats the {@code Host} header. */
  public enum HostCheck {
    /** Any Host (a public listener without {@code admin_allowed_hosts}, or the list is {@code *}). */
    ANY,
    /** Loopback names and addresses, the listener's own address and the allowed hosts only. */
    ALLOWED_ONLY
  }

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final List<String> origins;
  private final Set<String> hosts;
  private final HostCheck hostCheck;
  // origins granted to requests in one workspace only (the portal's portal_cors_origins), read per request
  private final java.util.function.@Nullable Function<WorkspaceRef, List<String>> workspaceOrigins;

  private BrowserGuard(List<String> origins, Set<String> hosts, HostCheck hostCheck,
      java.util.function.@Nullable Function<WorkspaceRef, List<String>> workspaceOrigins) {
    this.origins = origins;
    this.hosts = hosts;
    this.hostCheck = hostCheck;
    this.workspaceOrigins = workspaceOrigins;
  }

  /**
   * This guard, granting also to a request in a workspace the origins {@code byWorkspace} gives for
   * it, first (so an answer to a request without {@code Origin} names the first of them, as Kong's
   * cors does); entries that are not http(s) origins (a cors regex, {@code *}) are not granted.
   */
  public BrowserGuard withWorkspaceOrigins(java.util.function.Function<WorkspaceRef, List<String>> byWorkspace) {
    return new BrowserGuard(origins, hosts, hostCheck, Objects.requireNonNull(byWorkspace, "byWorkspace"));
  }

  /**
   * This guard, answering also to these {@code Host} names (the public names a portal is reached
   * under) without checking Host where it did not before.
   */
  public BrowserGuard withHosts(List<String> names) {
    Set<String> more = new LinkedHashSet<>(hosts);
    names.forEach(n -> more.add(stripBrackets(n.trim().toLowerCase(Locale.ROOT))));
    return new BrowserGuard(origins, Set.copyOf(more), hostCheck, workspaceOrigins);
  }

  /** Whether the origins depend on the request's workspace (the server then finds it before answering). */
  public boolean perWorkspace() {
    return workspaceOrigins != null;
  }

  /**
   * The guard for a listener bound to {@code listenHost}.
   *
   * @param origins allowed browser origins or URLs ({@code admin_gui_url} entries and
   *     {@code admin_cors_origins}); a path is ignored, as Kong derives {@code admin_gui_origin}
   * @param allowedHosts extra {@code Host} names ({@code admin_allowed_hosts}); {@code *} allows any
   * @throws IllegalArgumentException naming the value that is not an http(s) origin
   */
  public static BrowserGuard forListener(String listenHost, List<String> origins, List<String> allowedHosts) {
    Objects.requireNonNull(listenHost, "listenHost");
    Set<String> normalized = new LinkedHashSet<>();
    for (String o : Objects.requireNonNull(origins, "origins")) {
      normalized.add(origin(o));
    }
    Set<String> hosts = new LinkedHashSet<>();
    boolean any = false;
    for (String h : Objects.requireNonNull(allowedHosts, "allowedHosts")) {
      String host = h.trim().toLowerCase(Locale.ROOT);
      any |= host.equals("*");
      if (!host.isEmpty()) {
        hosts.add(stripBrackets(host));
      }
    }
    hosts.add(stripBrackets(listenHost.toLowerCase(Locale.ROOT)));
    boolean enforce = !any && (isLoopback(listenHost) || !allowedHosts.isEmpty());
    return new BrowserGuard(List.copyOf(normalized), Set.copyOf(hosts), enforce ? HostCheck.ALLOWED_ONLY : HostCheck.ANY, null);
  }

  /** A guard that allows no browser origin and checks Host as the listener's address calls for. */
  public static BrowserGuard forListener(String listenHost) {
    return forListener(listenHost, List.of(), List.of());
  }

  public HostCheck hostCheck() {
    return hostCheck;
  }

  public List<String> origins() {
    return origins;
  }

  /**
   * Why this request must not be served, or null when it may be: a Host this listener does not
   * answer to, or a write sent by a browser for a page of a foreign origin.
   */
  public @Nullable AdminResponse refusal(String method, Map<String, String> headers) {
    return refusal(method, headers, WorkspaceRef.DEFAULT);
  }

  /** As above, for a request in {@code workspace}. */
  public @Nullable AdminResponse refusal(String method, Map<String, String> headers, WorkspaceRef workspace) {
    List<String> origins = origins(workspace);
    String host = headers.get("host");
    if (hostCheck == HostCheck.ALLOWED_ONLY && host != null && !hostAllowed(hostName(host))) {
      return AdminResponse.message(403, "Host not allowed");
    }
    if (SAFE_METHODS.contains(method)) {
      return null;
    }
    String origin = headers.get("origin");
    if (origin != null) {
      return originAllowed(origins, origin) || sameOrigin(origin, host) ? null : crossSite();
    }
    // browsers send Origin with every write; Sec-Fetch-Site alone still marks a foreign page
    String site = headers.get("sec-fetch-site");
    if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
      return crossSite();
    }
    return null;
  }

  /** The CORS headers for an answer to a request with these headers (Kong's {@code cors_filter}). */
  public Map<String, String> corsHeaders(String method, Map<String, String> headers) {
    return corsHeaders(method, headers, WorkspaceRef.DEFAULT);
  }

  /** As above, for a request in {@code workspace}. */
  public Map<String, String> corsHeaders(String method, Map<String, String> headers, WorkspaceRef workspace) {
    List<String> origins = origins(workspace);
    Map<String, String> out = new LinkedHashMap<>();
    String origin = headers.get("origin");
    String allow;
    if (origin == null) {
      allow = origins.isEmpty() ? "*" : origins.getFirst();
    } else if (originAllowed(origins, origin)) {
      allow = origin;
    } else {
      // Kong answers an unknown origin with its first allowed one; with none allowed, nothing
      allow = origins.isEmpty() ? null : origins.getFirst();
    }
    if (allow != null) {
      out.put("Access-Control-Allow-Origin", allow);
      out.put("Access-Control-Allow-Credentials", "true");
    }
    if (origin != null) {
      out.put("Vary", "Origin");
    }
    if (method.equals("OPTIONS")) {
      String requested = headers.get("access-control-request-headers");
      if (requested != null) {
        out.put("Access-Control-Allow-Headers", requested);
      }
      // Chromium's private network access preflight: granted to allowed origins only
      if (origin != null && originAllowed(origins, origin)
          && "true".equalsIgnoreCase(headers.get("access-control-request-private-network"))) {
        out.put("Access-Control-Allow-Private-Network", "true");
      }
    }
    return out;
  }

  /** The origins granted to a request in {@code workspace}: its own first, then the listener's. */
  private List<String> origins(WorkspaceRef workspace) {
    if (workspaceOrigins == null) {
      return origins;
    }
    Set<String> all = new LinkedHashSet<>();
    for (String o : workspaceOrigins.apply(workspace)) {
      try {
        all.add(origin(o));
      } catch (IllegalArgumentException e) {
        // a cors regex or *: the proxy's cors plugins read those, a credentialed API does not
      }
    }
    all.addAll(origins);
    return List.copyOf(all);
  }

  private static boolean originAllowed(List<String> origins, String origin) {
    if (origin.equals("null")) {
      return false;
    }
    try {
      return origins.contains(origin(origin));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A page served from this very listener (only possible through a Host that passed the check). */
  private static boolean sameOrigin(String origin, @Nullable String host) {
    return host != null && origin.equalsIgnoreCase("http://" + host);
  }

  private boolean hostAllowed(String name) {
    return hosts.contains(name) || isLoopbackName(name);
  }

  private static AdminResponse crossSite() {
    return AdminResponse.message(403, "Cross-origin request refused; allow the origin with admin_gui_url or admin_cors_origins");
  }

  /**
   * {@code scheme://host[:port]} in a browser's serialization (lower case, no default port).
   *
   * @throws IllegalArgumentException when {@code value} is not an http(s) URL or origin
   */
  public static String origin(String value) {
    String v = value.trim();
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an http(s) origin: '" + v + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) origin: '" + v + "'");
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  /** The name in a Host header, without port or IPv6 brackets, lower case. */
  static String hostName(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    h = colon < 0 ? h : h.substring(0, colon);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** {@code localhost}, {@code *.localhost}, 127.0.0.0/8 and ::1 written as literals (no DNS lookup). */
  static boolean isLoopbackName(String name) {
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    return isLiteral(name) && isLoopback(name);
  }

  private static boolean isLoopback(String listenHost) {
    String h = stripBrackets(listenHost);
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!isLiteral(h)) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** An IPv4 dotted quad or an IPv6 literal, so that resolving it never asks DNS. */
  private static boolean isLiteral(String h) {
    return h.contains(":") ? h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
        : h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
