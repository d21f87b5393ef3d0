package io.gatehouse.proxy.tls;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * A server context whose engines follow the parts of a {@link TlsPolicy} Netty's builder has no
 * knob for: whose order picks the suite, and which finite-field DH group DHE suites use.
 */
final class PolicySslContext extends DelegatingSslContext {
  private final boolean preferServerCiphers;
  private final @Nullable String dhGroup;
  private final boolean ocspStapling;

  PolicySslContext(SslContext context, TlsPolicy policy) {
    super(context);
    this.preferServerCiphers = policy.preferServerCiphers();
    this.dhGroup = policy.dhGroup();
    this.ocspStapling = policy.ocspStapling();
  }

  /** Whether its handshakes staple OCSP responses (their delegated tasks may wait for a fetch). */
  boolean staplesOcsp() {
    return ocspStapling;
  }

  @Override
  protected void initEngine(SSLEngine engine) {
    SSLParameters params = engine.getSSLParameters();
    params.setUseCipherSuitesOrder(preferServerCiphers);
    if (dhGroup != null && params.getNamedGroups() != null) {
      // the elliptic curves stay as they are; of the RFC 7919 groups only the chosen one remains
      List<String> groups = new ArrayList<>();
      for (String g : params.getNamedGroups()) {
        if (!g.startsWith("ffdhe") || g.equals(dhGroup)) groups.add(g);
      }
      if (!groups.contains(dhGroup)) groups.add(dhGroup);
      params.setNamedGroups(groups.toArray(String[]::new));
    }
    engine.setSSLParameters(params);
  }
}
