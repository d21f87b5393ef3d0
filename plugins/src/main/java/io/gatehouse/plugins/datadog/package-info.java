/**
 * Kong's {@code datadog} plugin ({@code kong/plugins/datadog}): per-request metrics as DogStatsD lines
 * with service, status and consumer tags, sent over UDP to the agent from a plugin queue.
 */
@NullMarked
package io.gatehouse.plugins.datadog;

import org.jspecify.annotations.NullMarked;
