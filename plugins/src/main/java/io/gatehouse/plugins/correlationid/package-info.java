/**
 * Kong's {@code correlation-id} plugin (reference plugins §20): gives every request an id in a
 * header (kept when the client sent one), optionally echoed on the response.
 */
@NullMarked
package io.gatehouse.plugins.correlationid;

import org.jspecify.annotations.NullMarked;
