/**
 * The Admin API request audit log ({@code audit_requests}, Kong Enterprise's shape):
 * {@link io.gatehouse.store.audit.AuditLog}. Open one with {@code SqliteConfigStore.audit},
 * {@code PostgresConfigStore.audit} or {@code DblessConfigStore.audit} (in memory).
 */
@NullMarked
package io.gatehouse.store.audit;

import org.jspecify.annotations.NullMarked;
