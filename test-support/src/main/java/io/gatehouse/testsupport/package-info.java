/**
 * Test-only helpers shared by every module: {@link io.gatehouse.testsupport.LeakGuard} fails a test
 * class that leaked a Netty buffer; {@link io.gatehouse.testsupport.RedisServer} runs a real
 * {@code redis-server} on a free loopback port;
 * {@link io.gatehouse.testsupport.PostgresServer} a throwaway PostgreSQL cluster (run as the
 * {@code postgres} system user when the tests run as root).
 */
@NullMarked
package io.gatehouse.testsupport;

import org.jspecify.annotations.NullMarked;
