/**
 * Kong's {@code bot-detection} plugin (reference plugins §11): refuses requests whose
 * {@code User-Agent} matches a built-in list of crawlers and HTTP client libraries or a configured
 * deny pattern, unless an allow pattern matches. Patterns are RE2/J regexes (linear time).
 */
@NullMarked
package io.gatehouse.plugins.botdetection;

import org.jspecify.annotations.NullMarked;
