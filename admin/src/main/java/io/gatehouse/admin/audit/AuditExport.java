package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where audit records go besides the audit log itself (the logging plugin instances tagged for
 * it). Called on the Admin request's thread right after the record is stored: it must hand the
 * record off (to a sink's queue) and return, never wait on a receiver.
 */
@FunctionalInterface
public interface AuditExport {
  /** Nowhere. */
  AuditExport NONE = record -> {};

  /** @param record the record as {@code /audit/requests} lists it, signed when a key is set; the callee owns it */
  void export(ObjectNode record);
}
