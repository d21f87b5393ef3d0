/**
 * Kong's {@code loggly} plugin ({@code kong/plugins/loggly}): each log entry as an RFC 5424 syslog
 * line with the customer token in Loggly's structured data ({@code [key@41058 tag="…"]}), over UDP.
 */
@NullMarked
package io.gatehouse.plugins.loggly;

import org.jspecify.annotations.NullMarked;
