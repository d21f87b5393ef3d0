/**
 * Kong's {@code session} plugin: encrypted, authenticated session cookies (AES-256-GCM and
 * HMAC-SHA256 with HKDF-SHA256 keys from {@code secret}) that keep the consumer an auth plugin
 * established; storage in the cookie or in the node's plugin records ({@code storage = kong});
 * idling, rolling and absolute timeouts, remember cookies, logout. Start at
 * {@link io.gatehouse.plugins.session.SessionPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.session;

import org.jspecify.annotations.NullMarked;
