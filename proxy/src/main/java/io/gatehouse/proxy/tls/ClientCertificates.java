package io.gatehouse.proxy.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The certificate chain a client presented on its TLS connection (asked for only while a plugin wants it). */
public final class ClientCertificates {
  private ClientCertificates() {}

  /** The chain, the client's own certificate first; empty on plain connections or when none was sent. */
  public static List<X509Certificate> of(Channel connection) {
    SslHandler ssl = connection.pipeline().get(SslHandler.class);
    if (ssl == null) return List.of();
    SSLSession session = ssl.engine().getSession();
    if (session == null) return List.of();
    try {
      Certificate[] peer = session.getPeerCertificates();
      List<X509Certificate> chain = new ArrayList<>(peer.length);
      for (Certificate c : peer) {
        if (c instanceof X509Certificate x) chain.add(x);
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // the client sent no certificate
    }
  }
}
