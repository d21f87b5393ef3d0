/**
 * Kong's {@code hmac-auth} plugin (Kong 3.9 kong/plugins/hmac-auth), with {@code hmacauth_credentials}
 * ({@code /hmac-auths}, {@code /consumers/{c}/hmac-auth}): HMAC signatures of chosen request headers
 * in {@code Authorization}/{@code Proxy-Authorization}, a date within {@code clock_skew}, and an
 * optional {@code Digest} of the body.
 */
@NullMarked
package io.gatehouse.plugins.hmacauth;

import org.jspecify.annotations.NullMarked;
