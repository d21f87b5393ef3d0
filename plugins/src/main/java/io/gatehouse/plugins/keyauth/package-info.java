/**
 * Kong's {@code key-auth} plugin (reference plugins §3): API keys from headers or the query string,
 * stored as {@code keyauth_credentials} ({@code /key-auths}, {@code /consumers/{c}/key-auth}).
 */
@NullMarked
package io.gatehouse.plugins.keyauth;

import org.jspecify.annotations.NullMarked;
