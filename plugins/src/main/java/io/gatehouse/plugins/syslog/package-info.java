/**
 * Kong's {@code syslog} plugin ({@code kong/plugins/syslog}): each log entry as JSON to the local
 * syslog socket ({@code /dev/log}, or the path in the {@code gatehouse.syslog.socket} system
 * property), with the facility and a severity chosen by the response status.
 */
@NullMarked
package io.gatehouse.plugins.syslog;

import org.jspecify.annotations.NullMarked;
