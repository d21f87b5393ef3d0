package io.gatehouse.proxy.tls;

import io.gatehouse.core.entity.Pem;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Builds the server-side {@link SslContext} of a certificate: one or more PEM pairs (Kong serves an
 * RSA and an ECDSA certificate side by side: {@code cert}/{@code cert_alt}, or two {@code ssl_cert}
 * entries), the protocols and suites of a {@link TlsPolicy} (Kong's {@code ssl_cipher_suite}; {@code intermediate}
 * unless told), ALPN offering HTTP/1.1, or h2 first ({@link Alpn}).
 * Slow (parses keys): call it while compiling a configuration, never during a handshake.
 */
public final class ServerSslContexts {
  /** Only guards the in-memory key store; never written anywhere. */
  private static final char[] STORE_PASSWORD = "gatehouse".toCharArray();
  private static final String TICKETS_PROPERTY = "jdk.tls.server.enableSessionTicketExtension";

  private ServerSslContexts() {}

  /**
   * A context presenting these certificates (the client's signature algorithms pick among them).
   *
   * @throws IllegalArgumentException when a certificate or key cannot be read
   */
  public static SslContext build(List<PemKeyPair> pairs) {
    return build(pairs, Alpn.HTTP1);
  }

  /**
   * A context presenting these certificates and offering these protocols through ALPN.
   *
   * @throws IllegalArgumentException when a certificate or key cannot be read
   */
  public static SslContext build(List<PemKeyPair> pairs, Alpn alpn) {
    return build(pairs, alpn, TlsPolicy.DEFAULT, false);
  }

  /**
   * As {@link #build(List, Alpn)}; {@code askClientCertificate} also asks the client for a
   * certificate, optional and accepted as sent (nginx's {@code ssl_verify_client optional_no_ca}):
   * the plugin that asked verifies it.
   *
   * @throws IllegalArgumentException when a certificate or key cannot be read
   */
  public static SslContext build(List<PemKeyPair> pairs, Alpn alpn, boolean askClientCertificate) {
    return build(pairs, alpn, TlsPolicy.DEFAULT, askClientCertificate);
  }

  /**
   * A context presenting these certificates, offering these protocols through ALPN, accepting what
   * {@code policy} allows and, with {@code askClientCertificate}, asking for a client certificate.
   *
   * @throws IllegalArgumentException when a certificate or key cannot be read
   */
  public static SslContext build(List<PemKeyPair> pairs, Alpn alpn, TlsPolicy policy, boolean askClientCertificate) {
    return build(pairs, alpn, policy, askClientCertificate ? List.of() : null);
  }

  /** As {@link #build(List, Alpn, TlsPolicy, List)} with the default policy. */
  public static SslContext build(List<PemKeyPair> pairs, Alpn alpn, @Nullable List<X509Certificate> authorities) {
    return build(pairs, alpn, TlsPolicy.DEFAULT, authorities);
  }

  /**
   * A context accepting what {@code policy} allows; with non-null {@code authorities} it asks for a
   * client certificate (as above) and its CertificateRequest names these CAs as acceptable issuers
   * (mtls-auth's {@code send_ca_dn}); none named when empty. A null list does not ask.
   *
   * @throws IllegalArgumentException when a certificate or key cannot be read
   */
  public static SslContext build(List<PemKeyPair> pairs, Alpn alpn, TlsPolicy policy,
      @Nullable List<X509Certificate> authorities) {
    if (pairs.isEmpty()) throw new IllegalArgumentException("no certificate given");
    SslContextBuilder builder = SslContextBuilder.forServer(keyManagers(pairs))
        .protocols(policy.protocols())
        .ciphers(policy.cipherSuites().isEmpty() ? null : policy.cipherSuites(), SupportedCipherSuiteFilter.INSTANCE)
        .sessionTimeout(policy.sessionTimeout().toSeconds())
        .applicationProtocolConfig(alpn.config);
    if (authorities != null) {
      builder.clientAuth(ClientAuth.OPTIONAL);
      if (authorities.isEmpty()) builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
      else builder.trustManager(new NamingTrustManager(authorities));
    }
    try {
      SslContext context = new PolicySslContext(buildWithSwitches(builder, policy), policy);
      if (policy.ocspStapling()) OcspStapling.warm(context);
      return context;
    } catch (java.io.IOException e) { // SSLException is an IOException
      throw new IllegalArgumentException("cannot use the certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The JDK reads whether a server context issues TLS 1.2 session tickets, and whether it staples
   * OCSP responses, from system properties when the context is created, and has no per-context
   * switch: set them for the creation, under one lock so every server context of this process is
   * created with the policy it asked for.
   */
  private static SslContext buildWithSwitches(SslContextBuilder builder, TlsPolicy policy) throws SSLException {
    synchronized (TICKETS_PROPERTY) {
      String tickets = System.getProperty(TICKETS_PROPERTY);
      String stapling = System.getProperty(OcspStapling.ENABLE_PROPERTY);
      System.setProperty(TICKETS_PROPERTY, Boolean.toString(policy.sessionTickets()));
      System.setProperty(OcspStapling.ENABLE_PROPERTY, Boolean.toString(policy.ocspStapling()));
      try {
        return builder.build();
      } finally {
        restore(TICKETS_PROPERTY, tickets);
        restore(OcspStapling.ENABLE_PROPERTY, stapling);
      }
    }
  }

  private static void restore(String property, @Nullable String before) {
    if (before == null) System.clearProperty(property);
    else System.setProperty(property, before);
  }

  /**
   * Key managers holding these pairs, each checked against its key; also used for the client
   * certificate presented to origins.
   *
   * @throws IllegalArgumentException when a certificate or key cannot be read
   */
  static KeyManagerFactory keyManagers(List<PemKeyPair> pairs) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < pairs.size(); i++) {
        PemKeyPair pair = pairs.get(i);
        X509Certificate[] chain = chain(pair.certificateChain());
        PrivateKey key = privateKey(pair.privateKey());
        requireMatch(key, chain[0]);
        store.setKeyEntry("key-" + i, key, STORE_PASSWORD, chain);
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD);
      return keys;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot use the certificate: " + e.getMessage(), e);
    }
  }

  /** The certificates of a PEM chain, leaf first. */
  static X509Certificate[] chain(String pem) {
    try {
      var certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) throw new IllegalArgumentException("no PEM certificate found");
      return certs.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid PEM certificate: " + e.getMessage(), e);
    }
  }

  /** A key that does not belong to its certificate would only fail later, in every handshake. */
  private static void requireMatch(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null; // unusual key types are left to the handshake
    };
    if (algorithm == null) return;
    byte[] probe = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signer.sign());
    } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
      matches = false; // e.g. an EC key with an RSA certificate
    }
    if (!matches) {
      throw new IllegalArgumentException("the private key does not match the certificate "
          + cert.getSubjectX500Principal().getName());
    }
  }

  private static PrivateKey privateKey(String pem) {
    PrivateKey key = Pem.privateKey(pem);
    if (key == null) throw new IllegalArgumentException("invalid PEM private key (expected an unencrypted key)");
    return key;
  }
}
