/**
 * Kong's {@code oauth2} plugin: Kong as an OAuth 2.0 authorization server (authorization code with
 * PKCE, client credentials, password, implicit, refresh), {@code oauth2_credentials} entities, tokens
 * and codes in plugin records. Start at {@link io.gatehouse.plugins.oauth2.OAuth2Plugin}.
 */
@NullMarked
package io.gatehouse.plugins.oauth2;

import org.jspecify.annotations.NullMarked;
