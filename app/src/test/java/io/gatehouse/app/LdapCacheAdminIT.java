package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.testsupport.SlapdServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Admin API's {@code /cache/{key}} reaches ldap-auth's verdicts under Kong's key (Kong 3.9
 * spec/03-plugins/20-ldap-auth: "caches LDAP Auth Credential", 02-invalidations_spec), against a
 * real slapd. Invalidation is proven by effect: with the server stopped, a cached verdict still
 * answers and a dropped one cannot (500).
 */
class LdapCacheAdminIT {
  static final String BASE = "ou=people,dc=cache,dc=test";
  static final String LDIF = """
      dn: dc=cache,dc=test
      objectClass: dcObject
      objectClass: organization
      o: cache
      dc: cache

      dn: ou=people,dc=cache,dc=test
      objectClass: organizationalUnit
      ou: people

      dn: uid=einstein,ou=people,dc=cache,dc=test
      objectClass: inetOrgPerson
      uid: einstein
      cn: Albert Einstein
      sn: Einstein
      userPassword: password
      """;

  @TempDir Path prefix;

  /** Kong's key, computed here as its spec does: sha256 of host:port:base_dn:attribute:cache_ttl:user:password. */
  static String kongKey(int port, String user, String password) throws Exception {
    String text = "127.0.0.1:" + port + ":" + BASE + ":uid:60:" + user + ":" + password;
    return "ldap_auth_cache:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String basic(String user, String password) {
    return "ldap " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cached_verdicts_are_shown_and_dropped_under_kongs_key() throws Exception {
    try (SlapdServer ldap = SlapdServer.start("dc=cache,dc=test", LDIF);
        WholeNode gw = new WholeNode(prefix, Map.of())) {
      String route = gw.serviceAndRoute("ldap-cache", "/ldap-cache");
      gw.create("/routes/" + route + "/plugins", "{\"name\":\"ldap-auth\",\"config\":{\"ldap_host\":\"127.0.0.1\","
          + "\"ldap_port\":" + ldap.port() + ",\"base_dn\":\"" + BASE + "\",\"attribute\":\"uid\",\"cache_ttl\":60}}");
      String good = basic("einstein", "password");
      String bad = basic("einstein", "wrong");
      gw.await(s -> s == 401, "/ldap-cache"); // the plugin is in force (the route alone would answer 200)
      assertThat(gw.get("/ldap-cache", "Authorization", good).statusCode()).isEqualTo(200);
      assertThat(gw.get("/ldap-cache", "Authorization", bad).statusCode()).isEqualTo(401);

      String goodKey = kongKey(ldap.port(), "einstein", "password");
      String badKey = kongKey(ldap.port(), "einstein", "wrong");
      Resp accepted = gw.admin.get("/cache/" + goodKey);
      assertThat(accepted.status()).isEqualTo(200);
      JsonNode credential = accepted.json();
      assertThat(credential.get("id").asText()).isEqualTo(goodKey);
      assertThat(credential.get("username").asText()).isEqualTo("einstein");
      assertThat(credential.has("password")).as("the password is never shown").isFalse();
      Resp refused = gw.admin.get("/cache/" + badKey);
      assertThat(refused.status()).isEqualTo(200);
      assertThat(refused.json().get("message").isBoolean()).isTrue();
      assertThat(refused.json().get("message").asBoolean()).isFalse();
      assertThat(gw.admin.get("/cache/" + kongKey(ldap.port(), "einstein", "never-tried")).status()).isEqualTo(404);

      // with the directory gone, only cached verdicts answer
      ldap.stop();
      assertThat(gw.get("/ldap-cache", "Authorization", good).statusCode()).as("cached acceptance").isEqualTo(200);
      assertThat(gw.get("/ldap-cache", "Authorization", bad).statusCode()).as("cached refusal").isEqualTo(401);

      assertThat(gw.admin.delete("/cache/" + goodKey).status()).isEqualTo(204);
      assertThat(gw.admin.get("/cache/" + goodKey).status()).isEqualTo(404);
      assertThat(gw.get("/ldap-cache", "Authorization", good).statusCode()).as("dropped: the bind is tried again")
          .isEqualTo(500);
      assertThat(gw.admin.get("/cache/" + badKey).status()).as("other keys stay").isEqualTo(200);

      assertThat(gw.admin.delete("/cache").status()).isEqualTo(204);
      assertThat(gw.admin.get("/cache/" + badKey).status()).isEqualTo(404);
      assertThat(gw.get("/ldap-cache", "Authorization", bad).statusCode()).as("purged").isEqualTo(500);
    }
  }
}
