package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenHasherTest {
  private final TokenHasher hasher = new TokenHasher();

  @Test
  void a_hash_verifies_its_token_only_and_is_salted() {
    String h = hasher.hash("s3cret-token");
    assertThat(h).startsWith("pbkdf2-sha256$" + TokenHasher.ITERATIONS + "$").doesNotContain("s3cret");
    assertThat(hasher.verify("s3cret-token", h)).isTrue();
    assertThat(hasher.verify("s3cret-tokeN", h)).isFalse();
    assertThat(hasher.hash("s3cret-token")).isNotEqualTo(h);
    assertThat(hasher.verify("s3cret-token", "garbage")).isFalse();
    assertThat(hasher.verify("s3cret-token", "pbkdf2-sha256$x$y$z")).isFalse();
  }

  @Test
  void the_ident_is_stable_and_short() {
    assertThat(TokenHasher.ident("abc")).isEqualTo(TokenHasher.ident("abc")).hasSize(8);
    assertThat(TokenHasher.ident("abc")).isNotEqualTo(TokenHasher.ident("abd"));
  }
}
