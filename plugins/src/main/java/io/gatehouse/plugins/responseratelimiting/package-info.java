/**
 * response-ratelimiting (Kong 3.9, priority 900): the upstream prices each response with
 * {@code X-Kong-Limit: video=1, image=2}; access reads the usage of every named limit (and blocks
 * with {@code block_on_first_violation}), header_filter writes the headers, log adds the increments.
 * Counters come from {@code io.gatehouse.plugins.limits}.
 */
@NullMarked
package io.gatehouse.plugins.responseratelimiting;

import org.jspecify.annotations.NullMarked;
