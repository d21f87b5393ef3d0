/**
 * The zipkin plugin (Kong 3.9): request, proxy and balancer-try spans as Zipkin v2 JSON, sent in
 * batches through the log queue. Start at {@link io.gatehouse.plugins.zipkin.ZipkinPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.zipkin;

import org.jspecify.annotations.NullMarked;
