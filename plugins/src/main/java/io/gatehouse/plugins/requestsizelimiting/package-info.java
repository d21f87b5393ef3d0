/**
 * request-size-limiting (Kong's priority 951, access): rejects bodies over {@code allowed_payload_size}
 * with 413 ({@code 417} after {@code Expect: 100-continue}). A {@code Content-Length} is checked at
 * once; a chunked body is counted as it streams upstream, never buffered.
 */
@NullMarked
package io.gatehouse.plugins.requestsizelimiting;

import org.jspecify.annotations.NullMarked;
