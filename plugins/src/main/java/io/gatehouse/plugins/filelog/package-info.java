/**
 * Kong's {@code file-log} plugin (reference plugins §19.2): one JSON line per request appended to a
 * file by a writer thread, never by the event loop.
 */
@NullMarked
package io.gatehouse.plugins.filelog;

import org.jspecify.annotations.NullMarked;
