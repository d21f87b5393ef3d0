/**
 * The circuit-breaker plugin (beyond Kong's bundle): Resilience4j's circuit breaker per plugin
 * instance, fed by the responses of the route or service it guards. Start at {@link
 * io.gatehouse.plugins.circuitbreaker.CircuitBreakerPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.circuitbreaker;

import org.jspecify.annotations.NullMarked;
