/**
 * Kong's {@code basic-auth} plugin (reference plugins §4), with {@code basicauth_credentials}
 * ({@code /basic-auths}, {@code /consumers/{c}/basic-auth}). New passwords are stored as bcrypt
 * hashes; Kong's legacy {@code sha1(password .. consumer_id)} hashes imported untransformed keep working.
 */
@NullMarked
package io.gatehouse.plugins.basicauth;

import org.jspecify.annotations.NullMarked;
