package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where audit records go besides the audit log itself (the logging plugin instances tagged for
 * it). Called on the Admin request's thread right after the record is stored: it must hand the
 * record off (to a sink's queue) and return, never wait on a receiver.
 */
public interface AuditExport {
  /** Nowhere. */
  AuditExport NONE = new AuditExport() {
    @Override
    public boolean active() {
      return false;
    }

    @Override
    public void export(ObjectNode record) {}
  };

  /** Whether any record would go anywhere now (when not, the record is neither built nor signed). */
  default boolean active() {
    return true;
  }

  /** @param record the record as {@code /audit/requests} lists it, signed when a key is set; the callee owns it */
  void export(ObjectNode record);
}
