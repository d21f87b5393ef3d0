/**
 * Login sessions kept in the node's database (migration {@code V12__login_sessions}), so Manager and
 * portal logins survive restarts and are shared by nodes on one PostgreSQL:
 * {@link io.gatehouse.store.login.LoginSessionRows}; and the portal's OpenID logins in progress
 * (migration {@code V15__oidc_logins}), so a login started on one node or before a restart finishes
 * on another or after it: {@link io.gatehouse.store.login.OidcLoginRows}.
 */
@org.jspecify.annotations.NullMarked
package io.gatehouse.store.login;
