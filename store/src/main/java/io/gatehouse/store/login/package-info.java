/**
 * Login sessions kept in the node's database (migration {@code V12__login_sessions}), so Manager and
 * portal logins survive restarts and are shared by nodes on one PostgreSQL:
 * {@link io.gatehouse.store.login.LoginSessionRows}.
 */
@org.jspecify.annotations.NullMarked
package io.gatehouse.store.login;
