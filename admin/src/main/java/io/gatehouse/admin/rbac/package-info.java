/**
 * Admin API authentication and role-based access control, in Kong Enterprise's shapes:
 * {@link io.gatehouse.admin.rbac.Rbac} is the entry point (settings {@code enforce_rbac} and
 * {@code admin_gui_auth_header}); {@link io.gatehouse.admin.rbac.RbacFilter} checks every routed
 * request; the {@code /rbac/*} endpoints manage users, roles and permissions. {@code GET /userinfo}
 * ({@code UserInfo}) tells any caller about itself, and with {@code admin_gui_auth = basic-auth}
 * ({@code BasicAuthLogin}) users log in to the Manager by password to a cookie session.
 */
@NullMarked
package io.gatehouse.admin.rbac;

import org.jspecify.annotations.NullMarked;
