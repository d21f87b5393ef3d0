/**
 * The Admin API audit log: {@link io.gatehouse.admin.audit.AuditTrail} records every write
 * (who, when, method, path, status, digests of the resource before and after) and serves
 * {@code GET /audit/requests} in Kong Enterprise's shape.
 */
@NullMarked
package io.gatehouse.admin.audit;

import org.jspecify.annotations.NullMarked;
