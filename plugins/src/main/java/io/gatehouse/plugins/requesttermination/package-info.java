/** Kong's {@code request-termination} plugin (reference plugins §22): answer without proxying. */
@NullMarked
package io.gatehouse.plugins.requesttermination;

import org.jspecify.annotations.NullMarked;
