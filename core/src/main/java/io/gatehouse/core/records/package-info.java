/**
 * Plugin records: the blocking contract ({@link io.gatehouse.core.records.RecordTable}) between the
 * store, which keeps plugins' run-time rows, and the runtime, which offers them to plugins.
 */
@NullMarked
package io.gatehouse.core.records;

import org.jspecify.annotations.NullMarked;
