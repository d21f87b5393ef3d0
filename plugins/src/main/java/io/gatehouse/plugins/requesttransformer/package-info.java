/**
 * request-transformer (Kong's priority 801, access): remove → rename → replace → add → append on the
 * upstream request's headers, body (form, JSON, multipart) and query string, plus {@code http_method}
 * and {@code replace.uri}, with {@code $(…)} templates. The body is read only when a body rule can
 * apply to the request's Content-Type; otherwise it streams.
 */
@NullMarked
package io.gatehouse.plugins.requesttransformer;

import org.jspecify.annotations.NullMarked;
