package io.gatehouse.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  @Test
  void startsAnswersStopsAndRestartsOnTheSamePort() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.isRunning()).isTrue();
      assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(redis.command("INCR", "n")).isEqualTo(1L);
      assertThat(redis.command("GET", "k")).isEqualTo("v");
      assertThat(redis.command("MGET", "k", "missing")).isEqualTo(java.util.Arrays.asList("v", null));
      int port = redis.port();

      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);

      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.command("GET", "k")).as("no persistence: a restart starts empty").isNull();
    }
  }

  @Test
  void passesExtraArgumentsSuchAsAPassword() {
    try (RedisServer redis = RedisServer.start(List.of("--requirepass", "s3cret"))) {
      assertThatThrownBy(() -> redis.command("GET", "k")).hasMessageContaining("NOAUTH");
      assertThat(redis.command(List.of(List.of("AUTH", "s3cret"), List.of("PING"))))
          .containsExactly("OK", "PONG");
    }
  }
}
