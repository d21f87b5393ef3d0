package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * Context keys: the identity cache answers only for the very same strings and status; equal strings
 * in other objects get the same key through the map; a reload forgets keys never stored.
 */
class CallContextsTest {
  private static Object[] refs(String route, String method, Object upstream) {
    Object[] r = new Object[CallRing.REFS];
    r[CallRing.WORKSPACE] = CallRecord.DEFAULT_WORKSPACE;
    r[CallRing.ROUTE_ID] = route;
    r[CallRing.ROUTE_NAME] = "name-" + route;
    r[CallRing.METHOD] = method;
    r[CallRing.UPSTREAM] = upstream;
    return r;
  }

  @Test
  void keys_follow_the_values_whatever_the_objects() throws Exception {
    CallContexts contexts = new CallContexts();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      CallSchema.createOrMigrate(c);
      contexts.load(c);
      InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 9000);
      Object[] a = refs("r1", "GET", peer);
      int k200 = contexts.key(a, 0, 200);
      assertThat(contexts.key(a, 0, 200)).as("the same objects").isEqualTo(k200);
      assertThat(contexts.key(a, 0, 500)).as("another status").isNotEqualTo(k200);
      // equal values in new objects (a formatted upstream, new strings): the same context
      Object[] copy = refs(new String("r1"), new String("GET"), "127.0.0.1:9000");
      assertThat(contexts.key(copy, 0, 200)).isEqualTo(k200);
      assertThat(contexts.key(refs("r2", "GET", peer), 0, 200)).as("another route").isNotEqualTo(k200);
      Object[] post = refs("r1", "POST", peer);
      int kPost = contexts.key(post, 0, 200);
      assertThat(kPost).isNotIn(k200);
      // a reload (after a failed write) forgets what was never stored, the identity cache included
      contexts.load(c);
      assertThat(contexts.key(refs("r3", "GET", peer), 0, 200)).as("numbering starts again").isZero();
      assertThat(contexts.key(post, 0, 200)).as("not the forgotten key's cached answer").isEqualTo(1);
    }
  }
}
