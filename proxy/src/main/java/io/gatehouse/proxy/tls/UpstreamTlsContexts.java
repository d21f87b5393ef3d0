package io.gatehouse.proxy.tls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.Certificate;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Service;
import io.gatehouse.core.model.Upstream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream TLS of every {@code https}/{@code grpcs} service of one configuration (Kong's
 * {@code tls_verify}, {@code tls_verify_depth}, {@code ca_certificates}, {@code client_certificate}),
 * compiled into {@link UpstreamTls} contexts when the snapshot is compiled. Services with equal
 * settings share one context, and contexts whose settings did not change since the previous
 * configuration are reused (their pooled connections stay usable). Settings that cannot be used are
 * logged and fail only their service's requests.
 */
public final class UpstreamTlsContexts {
  private static final Logger log = LoggerFactory.getLogger(UpstreamTlsContexts.class);

  /**
   * What applies when a service leaves {@code tls_verify} / {@code tls_verify_depth} null: nginx's
   * {@code proxy_ssl_verify} (off) and {@code proxy_ssl_verify_depth} (1), which Kong users change by
   * injecting {@code nginx_proxy_proxy_ssl_verify} / {@code nginx_proxy_proxy_ssl_verify_depth}.
   */
  public record Defaults(boolean verify, int verifyDepth) {
    public static final Defaults KONG = new Defaults(false, 1);
  }

  public static final UpstreamTlsContexts NONE = new UpstreamTlsContexts(Map.of(), Map.of());

  /** One service's effective settings; {@code trusted} null means the JDK trust store. */
  private record Settings(boolean verify, int depth, @Nullable List<String> trusted, @Nullable PemKeyPair client) {}

  private final Map<String, UpstreamTls> byService;
  private final Map<Settings, UpstreamTls> bySettings;

  private UpstreamTlsContexts(Map<String, UpstreamTls> byService, Map<Settings, UpstreamTls> bySettings) {
    this.byService = byService;
    this.bySettings = bySettings;
  }

  /** Compiles the snapshot's TLS services, reusing the contexts of {@code previous} whose settings are unchanged. */
  public static UpstreamTlsContexts compile(ConfigSnapshot snapshot, UpstreamTlsContexts previous, Defaults defaults) {
    Map<String, String> caPems = new HashMap<>();
    for (ObjectNode row : snapshot.table("ca_certificates")) {
      String id = Json.text(row, "id");
      String cert = Json.text(row, "cert");
      if (id != null && cert != null) caPems.put(id, cert);
    }
    Map<String, Certificate> certificates = new HashMap<>();
    for (Certificate c : snapshot.certificates()) {
      if (c.id() != null) certificates.put(c.id(), c);
    }
    Map<String, Upstream> upstreams = new HashMap<>();
    for (Upstream u : snapshot.upstreams()) {
      if (u.name() != null) upstreams.put(u.name(), u);
    }
    Map<String, UpstreamTls> byService = new HashMap<>();
    Map<Settings, UpstreamTls> bySettings = new HashMap<>();
    for (Service s : snapshot.services()) {
      if (s.id() == null || !isTls(s.protocol())) continue;
      UpstreamTls tls;
      try {
        Settings settings = settings(s, defaults, caPems, certificates, upstreams.get(s.host()));
        tls = bySettings.get(settings);
        if (tls == null) {
          tls = previous.bySettings.get(settings);
          if (tls == null) tls = build(settings);
          bySettings.put(settings, tls);
        }
      } catch (IllegalArgumentException e) {
        log.error("service {}: upstream TLS settings cannot be used, its requests fail with 502: {}", s.id(),
            e.getMessage());
        tls = UpstreamTls.unusable("upstream TLS settings of service " + s.id() + " cannot be used: " + e.getMessage());
      }
      byService.put(s.id(), tls);
    }
    return new UpstreamTlsContexts(Map.copyOf(byService), Map.copyOf(bySettings));
  }

  /**
   * The TLS of an https origin a plugin chose for a plain-text service ({@code kong.service.set_target}
   * with scheme https): nginx's defaults, no certificate verification. Built once, on first use.
   */
  public static UpstreamTls pluginTargetDefault() {
    return PluginTargetDefault.TLS;
  }

  private static final class PluginTargetDefault {
    static final UpstreamTls TLS = build(new Settings(false, 0, null, null));
  }

  /** The TLS of a service's origin connections, or null for a plain-text service. */
  public @Nullable UpstreamTls forService(String serviceId) {
    return byService.get(serviceId);
  }

  private static boolean isTls(@Nullable String protocol) {
    return "https".equals(protocol) || "grpcs".equals(protocol);
  }

  private static Settings settings(Service s, Defaults defaults, Map<String, String> caPems,
      Map<String, Certificate> certificates, @Nullable Upstream upstream) {
    // Kong: the service's client certificate, else that of the upstream its host names
    String clientId = s.clientCertificateId() != null ? s.clientCertificateId()
        : upstream != null ? upstream.clientCertificateId() : null;
    PemKeyPair client = null;
    if (clientId != null) {
      Certificate c = certificates.get(clientId);
      if (c == null) throw new IllegalArgumentException("client certificate " + clientId + " does not exist");
      client = new PemKeyPair(c.cert(), c.key());
    }
    boolean verify = s.tlsVerify() != null ? s.tlsVerify() : defaults.verify();
    if (!verify) return new Settings(false, 0, null, client); // CA and depth only matter when verifying
    int depth = s.tlsVerifyDepth() != null ? s.tlsVerifyDepth() : defaults.verifyDepth();
    List<String> trusted = null;
    if (!s.caCertificates().isEmpty()) {
      trusted = new ArrayList<>();
      for (String id : s.caCertificates()) {
        String pem = caPems.get(id);
        if (pem == null) throw new IllegalArgumentException("CA certificate " + id + " does not exist");
        trusted.add(pem);
      }
    }
    return new Settings(true, depth, trusted == null ? null : List.copyOf(trusted), client);
  }

  private static UpstreamTls build(Settings s) {
    if (!s.verify()) {
      return UpstreamTls.of(ClientSslContexts.unverified(s.client()),
          "unverified" + (s.client() == null ? "" : ", client certificate"));
    }
    List<X509Certificate> trusted = null;
    if (s.trusted() != null) {
      trusted = new ArrayList<>();
      for (String pem : s.trusted()) trusted.addAll(ClientSslContexts.certificates(pem));
    }
    return UpstreamTls.of(ClientSslContexts.verifying(trusted, s.depth(), s.client()),
        "verify depth " + s.depth() + (trusted == null ? ", system CAs" : ", " + trusted.size() + " CAs")
            + (s.client() == null ? "" : ", client certificate"));
  }
}
