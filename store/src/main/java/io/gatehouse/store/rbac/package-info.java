/**
 * Admin API users, roles and permissions (Kong Enterprise's {@code rbac_*} rows) in side tables of
 * the config database: {@link io.gatehouse.store.rbac.RbacStore}. They are not proxy configuration,
 * so writing them never bumps the config version. Open one with {@code SqliteConfigStore.rbac} or
 * {@code PostgresConfigStore.rbac}; a DB-less node has none.
 */
@NullMarked
package io.gatehouse.store.rbac;

import org.jspecify.annotations.NullMarked;
