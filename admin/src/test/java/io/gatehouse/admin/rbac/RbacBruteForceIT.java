package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token guessing from one address is cut off after {@value AddressThrottle#FAILED_LOGINS} misses a minute. */
class RbacBruteForceIT {
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ON);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void after_too_many_bad_tokens_even_the_right_one_is_429_for_a_while() {
    assertThat(node.superAdmin.get("/services").status()).isEqualTo(200);
    for (int i = 0; i < AddressThrottle.FAILED_LOGINS; i++) {
      AdminClient guess = node.gw.client.withHeader(RbacNode.HEADER, "guess-" + i);
      assertThat(guess.get("/services").status()).as("guess %d", i).isEqualTo(401);
    }
    AdminClient.Resp blocked = node.superAdmin.get("/services");
    assertThat(blocked.status()).isEqualTo(429);
    long retry = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retry).isBetween(1L, AddressThrottle.WINDOW_MILLIS / 1000);
    // requests without a token are no guesses: still a plain 429 while blocked, never a 200
    assertThat(node.anonymous.get("/services").status()).isEqualTo(429);
  }
}
