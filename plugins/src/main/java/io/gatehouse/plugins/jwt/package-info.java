/**
 * Kong's {@code jwt} plugin (reference plugins §5): signed JSON Web Tokens from the query string,
 * cookies or {@code Authorization}-style headers, verified against {@code jwt_secrets}
 * ({@code /jwts}, {@code /consumers/{c}/jwt}) with every algorithm Kong 3.9 knows: HS, RS, ES and
 * PS 256/384/512 and EdDSA (Ed25519, Ed448). Start at {@link io.gatehouse.plugins.jwt.JwtPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.jwt;

import org.jspecify.annotations.NullMarked;
