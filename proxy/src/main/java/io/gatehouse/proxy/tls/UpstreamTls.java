package io.gatehouse.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * How a service's connections to its origins speak TLS: one compiled client context (trust,
 * verification, client certificate), or the reason the service's TLS settings cannot be used.
 *
 * <p>Compared by identity: connections opened with one instance are pooled apart from those of
 * another, and a configuration that keeps the same settings keeps the same instance (and so its
 * pooled connections).
 */
public final class UpstreamTls {
  private final @Nullable SslContext context;
  private final String description;
  private final @Nullable String problem;

  private UpstreamTls(@Nullable SslContext context, String description, @Nullable String problem) {
    this.context = context;
    this.description = description;
    this.problem = problem;
  }

  static UpstreamTls of(SslContext context, String description) {
    return new UpstreamTls(context, description, null);
  }

  /** Settings that could not be compiled: the service's requests fail with 502 instead. */
  static UpstreamTls unusable(String problem) {
    return new UpstreamTls(null, "unusable", problem);
  }

  /** Why these settings cannot be used, or null when they can. */
  public @Nullable String problem() {
    return problem;
  }

  /**
   * The TLS handler of a new origin connection.
   *
   * @param serverName the name to verify the certificate against and send as SNI (see
   *     {@link UpstreamServerName}); not sent as SNI when it is an IP literal
   * @param handshakeTimeoutMillis nginx bounds the handshake by the connect timeout
   * @throws IllegalStateException when {@link #problem()} is set
   */
  public SslHandler newHandler(ByteBufAllocator alloc, String serverName, int port, long handshakeTimeoutMillis) {
    if (context == null) throw new IllegalStateException(problem);
    SslHandler handler = context.newHandler(alloc, serverName, port);
    String sni = UpstreamServerName.sni(serverName);
    if (sni != null) {
      // The JDK only sends SNI by itself for names with a dot; nginx sends it for "localhost" too.
      try {
        SSLEngine engine = handler.engine();
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni)));
        engine.setSSLParameters(params);
      } catch (IllegalArgumentException e) {
        // not a valid DNS name (e.g. an underscore): connect without SNI, as a lenient client would
      }
    }
    handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    return handler;
  }

  @Override
  public String toString() {
    return problem == null ? "UpstreamTls[" + description + "]" : "UpstreamTls[unusable: " + problem + "]";
  }
}
