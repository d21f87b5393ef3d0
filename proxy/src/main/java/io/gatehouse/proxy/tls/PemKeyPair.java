package io.gatehouse.proxy.tls;

import java.util.Objects;

/**
 * A certificate (chain) and its private key as PEM text: a Kong {@code ssl_cert}/{@code ssl_cert_key}
 * pair, or the {@code cert}/{@code key} of a Certificate entity.
 *
 * @param certificateChain the leaf certificate first, then any intermediates
 * @param privateKey an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key
 */
public record PemKeyPair(String certificateChain, String privateKey) {
  public PemKeyPair {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** Leaves the PEM text out: a key does not belong in a log line. */
  @Override
  public String toString() {
    return "PemKeyPair[certificate " + certificateChain.length() + " chars, key redacted]";
  }
}
