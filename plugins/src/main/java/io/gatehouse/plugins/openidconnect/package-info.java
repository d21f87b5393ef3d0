/**
 * {@code openid-connect}: an OpenID Connect relying party with the configuration shape of Kong
 * Enterprise's plugin. Start at {@link io.gatehouse.plugins.openidconnect.OpenIdConnectPlugin};
 * {@link io.gatehouse.plugins.openidconnect.Provider} holds an issuer's discovery document and keys,
 * {@link io.gatehouse.plugins.openidconnect.TokenVerifier} checks JWTs, {@link
 * io.gatehouse.plugins.openidconnect.Flows} runs the auth methods off the event loop.
 */
@NullMarked
package io.gatehouse.plugins.openidconnect;

import org.jspecify.annotations.NullMarked;
