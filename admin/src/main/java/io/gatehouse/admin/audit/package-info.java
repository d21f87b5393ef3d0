/**
 * The Admin API audit log: {@link io.gatehouse.admin.audit.AuditTrail} records every write
 * (who, when, method, path, status, digests of the resource before and after) and the
 * configuration rows each write changed, and serves {@code GET /audit/requests} and
 * {@code GET /audit/objects} in Kong Enterprise's shapes.
 */
@NullMarked
package io.gatehouse.admin.audit;

import org.jspecify.annotations.NullMarked;
