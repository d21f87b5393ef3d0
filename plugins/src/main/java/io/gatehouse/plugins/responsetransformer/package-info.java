/**
 * response-transformer (Kong's priority 800, header_filter and body_filter): remove → rename →
 * replace → add → append on response headers and on the top-level keys of a JSON body. Only a JSON
 * response with JSON rules is buffered; everything else streams.
 */
@NullMarked
package io.gatehouse.plugins.responsetransformer;

import org.jspecify.annotations.NullMarked;
