/**
 * Kong's {@code ldap-auth} plugin (kong/plugins/ldap-auth, reference plugins §8): a simple bind as
 * {@code <attribute>=<username>,<base_dn>} with the password of an {@code Authorization} or
 * {@code Proxy-Authorization} header, over LDAP, LDAPS or StartTLS (UnboundID LDAP SDK). Binds run
 * on a bounded pool of their own, never on the event loop; verdicts are cached for
 * {@code cache_ttl}. An accepted user is a credential without a consumer.
 *
 * <p>Start at {@link io.gatehouse.plugins.ldapauth.LdapAuthPlugin}; {@code LdapAuthHandler} reads
 * the headers and answers, {@code LdapBinds} caches verdicts and schedules binds, {@code Directory}
 * holds the kept-alive connections to one server.
 */
@NullMarked
package io.gatehouse.plugins.ldapauth;

import org.jspecify.annotations.NullMarked;
