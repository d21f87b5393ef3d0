package io.gatehouse.admin.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  private final Passwords passwords = new Passwords();

  @Test
  void a_hash_is_an_argon2id_phc_string_that_matches_only_its_password() {
    String hash = passwords.hash("correct horse battery");
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
    assertThat(passwords.matches("correct horse battery", hash)).isTrue();
    assertThat(passwords.matches("correct horse batterz", hash)).isFalse();
    assertThat(passwords.hash("correct horse battery")).as("salted").isNotEqualTo(hash);
  }

  @Test
  void the_cost_is_read_from_the_stored_string() {
    // RFC 9106's reference parameters are not ours; a hash made with other costs still verifies
    String cheap = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$";
    String hash = passwords.hash("pw-12345678");
    String[] parts = hash.split("\\$");
    assertThat(passwords.matches("pw-12345678", "$argon2id$v=19$" + parts[3] + "$" + parts[4] + "$" + parts[5])).isTrue();
    assertThat(passwords.matches("pw-12345678", cheap + "AAAA")).isFalse();
  }

  @Test
  void strings_that_are_not_ours_never_match() {
    for (String bad : new String[] {"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
        "$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
        "$argon2id$v=19$m=64,t=1,p=1$!!!$aGFzaA"}) {
      assertThat(passwords.matches("anything", bad)).as(bad).isFalse();
    }
  }
}
