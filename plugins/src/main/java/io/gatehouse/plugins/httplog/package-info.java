/**
 * Kong's {@code http-log} plugin (reference plugins §19.3): log entries POSTed (or PUT/PATCHed) to an
 * HTTP endpoint in batches through Kong's queue.
 */
@NullMarked
package io.gatehouse.plugins.httplog;

import org.jspecify.annotations.NullMarked;
