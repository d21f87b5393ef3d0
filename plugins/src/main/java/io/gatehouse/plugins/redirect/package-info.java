/** Kong's {@code redirect} plugin (3.9): answer every request with a redirect. */
@NullMarked
package io.gatehouse.plugins.redirect;

import org.jspecify.annotations.NullMarked;
