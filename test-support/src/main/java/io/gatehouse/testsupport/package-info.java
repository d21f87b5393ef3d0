/**
 * Test-only helpers shared by every module: {@link io.gatehouse.testsupport.LeakGuard} fails a test
 * class that leaked a Netty buffer; {@link io.gatehouse.testsupport.RedisServer} runs a real
 * {@code redis-server} on a free loopback port.
 */
@NullMarked
package io.gatehouse.testsupport;

import org.jspecify.annotations.NullMarked;
