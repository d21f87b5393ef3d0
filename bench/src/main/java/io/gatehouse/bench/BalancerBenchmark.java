package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.balancer.UpstreamBalancer;
import io.gatehouse.proxy.health.HealthRegistry;
import io.gatehouse.proxy.upstream.DnsPeerSelector;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.PickState;
import io.gatehouse.proxy.upstream.RequestFacts;
import io.gatehouse.proxy.upstream.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one balancer pick (plus its {@code ended()} report) per algorithm over 100 targets with
 * mixed weights and passive health checks on, as the request flow does it: a fresh
 * {@link PickState} per request; consistent-hashing hashes one of 1024 header values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BalancerBenchmark {
  @Param({"round-robin", "consistent-hashing", "least-connections", "latency"})
  String algorithm;

  Balancing balancing;
  UpstreamBalancer balancer;
  Facts[] facts;
  int i;

  @Setup(Level.Trial)
  public void setup() {
    ObjectNode u = Json.object();
    String id = "00000000-0000-4000-8000-000000000100";
    u.put("id", id).put("name", "bench.upstream").put("algorithm", algorithm)
        .put("hash_on", algorithm.equals("consistent-hashing") ? "header" : "none").put("hash_fallback", "none")
        .put("hash_on_header", "X-User").put("hash_on_cookie_path", "/").put("slots", 10000);
    u.set("healthchecks", Json.parse("{\"passive\":{\"unhealthy\":{\"tcp_failures\":5}}}"));
    List<ObjectNode> targets = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      ObjectNode row = Json.object();
      row.put("id", "00000000-0000-4000-8000-0000000" + (10000 + t)).put("target", "10.0." + (t / 250) + "." + (t % 250 + 1) + ":8080")
          .put("weight", 50 + (t % 4) * 50);
      row.set("upstream", Json.object().put("id", id));
      targets.add(row);
    }
    ConfigSnapshot s = ConfigSnapshot.of(1, Map.of("upstreams", List.of(u), "targets", targets));
    Transport transport = Transport.nio();
    balancing = new Balancing(transport, new DnsPeerSelector(transport), new HealthRegistry());
    balancer = balancing.build(s).get("bench.upstream");
    facts = new Facts[1024];
    for (int k = 0; k < facts.length; k++) facts[k] = new Facts("user-" + k);
  }

  @TearDown(Level.Trial)
  public void close() {
    balancing.close();
  }

  @Benchmark
  public Peer pick() {
    Peer p = balancer.pick(new PickState(facts[i++ & 1023]));
    p.observer().ended();
    return p;
  }

  record Facts(String user) implements RequestFacts {
    @Override
    public @Nullable String header(String name) {
      return user;
    }

    @Override
    public @Nullable String cookie(String name) {
      return null;
    }

    @Override
    public String path() {
      return "/";
    }

    @Override
    public @Nullable String queryArg(String name) {
      return null;
    }

    @Override
    public String clientIp() {
      return "127.0.0.1";
    }

    @Override
    public @Nullable String consumerId() {
      return null;
    }

    @Override
    public @Nullable String uriCapture(String name) {
      return null;
    }
  }
}
