/**
 * Kong's {@code cors} plugin (reference plugins §10): answers CORS preflight requests before
 * authentication and adds the CORS response headers to every other response, error responses of
 * other plugins and of the gateway included. Origin patterns are RE2/J regexes (linear time).
 */
@NullMarked
package io.gatehouse.plugins.cors;

import org.jspecify.annotations.NullMarked;
