/**
 * Benchmarks. {@link io.gatehouse.bench.RouterBenchmark} (JMH) measures router lookups at 10, 1k
 * and 100k routes; {@link io.gatehouse.bench.BenchProxyMain} starts a proxy for the wrk harness in
 * {@code ../shared/bench}. Method and figures: {@code docs/performance.md}.
 */
package io.gatehouse.bench;
