package io.gatehouse.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.TestAdmin;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import io.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-ups from one address are cut off after {@value DeveloperApi#SIGN_UPS} attempts a minute: the
 * real developers' API on port 0, over a portal whose clock the test moves.
 */
class PortalSignUpThrottleIT {
  @TempDir Path dir;
  private final MovableClock clock = new MovableClock(1_800_000_000_000L);

  @Test
  void an_address_is_refused_after_the_limit_without_an_account_until_the_minute_ends_and_others_are_not()
      throws Exception {
    AtomicReference<Portal> portal = new AtomicReference<>();
    try (TestAdmin admin = new TestAdmin(b -> b.portal(portal.updateAndGet(x -> Portal.create(
        SqliteConfigStore.portal(dir.resolve("portal.db")), b.store(), b.registry(), clock, false))))) {
      AdminHttpServer api = portal.get().startApi("127.0.0.1", 0, List.of());
      try {
        AdminClient dev = new AdminClient("http://127.0.0.1:" + api.address().getPort());
        // failures count too: a bad request first, then good ones up to the limit
        assertThat(dev.post("/register", "{\"email\":\"not an address\",\"password\":\"correct horse\"}").status())
            .isEqualTo(400);
        for (int i = 1; i < DeveloperApi.SIGN_UPS; i++) {
          assertThat(signUp(dev, "dev" + i + "@example.com").status()).as("sign-up %d", i).isEqualTo(201);
        }

        AdminClient.Resp blocked = signUp(dev, "late@example.com");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.json().get("message").asText()).isEqualTo("Too many sign-ups from this address; retry later");
        assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isEqualTo(60);
        assertThat(admin.client.get("/portal/developers/late@example.com").status()).isEqualTo(404);
        assertThat(admin.client.get("/portal/developers").json().get("data")).hasSize(DeveloperApi.SIGN_UPS - 1);

        // another address is not affected (Linux routes all of 127/8 to the loopback)
        assertThat(rawSignUpFrom("127.0.0.2", api.address(), "other@example.com")).startsWith("HTTP/1.1 201");

        // 30 s on, still refused, with the rest of the minute to wait; logins are a count of their own
        clock.advance(30_000);
        assertThat(signUp(dev, "late@example.com").headers().firstValue("Retry-After")).hasValue("30");
        assertThat(dev.post("/session", "{\"email\":\"dev1@example.com\",\"password\":\"correct horse\"}").status())
            .isEqualTo(403); // pending, not throttled

        // the minute over, the address may sign up again
        clock.advance(30_000);
        assertThat(signUp(dev, "late@example.com").status()).isEqualTo(201);
        assertThat(admin.client.get("/portal/developers/late@example.com").status()).isEqualTo(200);
      } finally {
        api.close();
      }
    }
  }

  private static AdminClient.Resp signUp(AdminClient dev, String email) {
    return dev.post("/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}");
  }

  /** A sign-up over a socket bound to {@code from}; the status line of the answer. */
  private static String rawSignUpFrom(String from, InetSocketAddress to, String email) throws IOException {
    byte[] body = ("{\"email\":\"" + email + "\",\"password\":\"correct horse\"}").getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(to, 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /register HTTP/1.1\r\nHost: 127.0.0.1:" + to.getPort() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return answer.lines().findFirst().orElse("");
    }
  }
}
