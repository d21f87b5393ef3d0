/**
 * {@code mtls-auth}: client certificate authentication on TLS listeners, the shape of Kong
 * Enterprise's plugin. The chain a client presents is checked against {@code ca_certificates}
 * ({@link io.gatehouse.plugins.mtlsauth.Trust}), revocation by OCSP ({@code Ocsp}) then CRL ({@code Crls}), and the
 * consumer found through {@code mtls_auth_credentials} or the certificate's names
 * ({@code MtlsAuthHandler}).
 */
@NullMarked
package io.gatehouse.plugins.mtlsauth;

import org.jspecify.annotations.NullMarked;
