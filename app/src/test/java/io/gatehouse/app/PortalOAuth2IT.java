package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.TlsClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20: products that require OAuth 2.0. An {@code oauth2} product is guarded by Kong's oauth2
 * plugin (client credentials, global credentials) and the same acl group as a key-auth product;
 * each application gets an oauth2 client. A mainstream OAuth 2.0 client (Nimbus) gets a token from
 * {@code …/oauth2/token} on the proxy's TLS listener; the proxy refuses it (403, acl) until an
 * operator approves the subscription, lets it through after, and refuses it again within a second
 * of revocation.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class PortalOAuth2IT {
  @Parameter StoreKind storeKind;
  @TempDir Path dir;

  private Map<String, String> settings() {
    Map<String, String> conf = PortalIT.portalSettings(storeKind);
    conf.put("proxy_listen", "127.0.0.1:0, 127.0.0.1:0 ssl");
    return conf;
  }


  private static URI tokenEndpoint(WholeNode n, String routePath) {
    int port = n.node.component(ProxyServer.class).orElseThrow().boundTlsAddresses().getFirst().getPort();
    return URI.create("https://127.0.0.1:" + port + routePath + "/oauth2/token");
  }

  /** A token request over the proxy's TLS listener (its certificate is self-signed: trusted here). */
  private static TokenResponse token(URI endpoint, ClientAuthentication client) throws Exception {
    HTTPRequest http = new TokenRequest.Builder(endpoint, client, new ClientCredentialsGrant()).build().toHTTPRequest();
    http.setSSLSocketFactory(TlsClient.trustAll().getSocketFactory());
    http.setHostnameVerifier((host, session) -> true);
    return TokenResponse.parse(http.send());
  }

  private static String accessToken(URI endpoint, ClientAuthentication client) {
    TokenResponse[] last = new TokenResponse[1];
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      last[0] = token(endpoint, client); // the first may come before the snapshot carries the plugin
      return last[0].indicatesSuccess();
    });
    AccessTokenResponse ok = last[0].toSuccessResponse();
    assertThat(ok.getTokens().getBearerAccessToken()).isNotNull();
    return ok.getTokens().getAccessToken().getValue();
  }

  private static void within(Duration d, WholeNode n, String path, String token, int status) {
    await().atMost(d).pollInterval(Duration.ofMillis(20))
        .until(() -> n.get(path, "Authorization", "Bearer " + token).statusCode() == status);
  }

  @Test
  void a_token_is_refused_until_the_subscription_is_approved_and_again_after_revocation() throws Exception {
    try (WholeNode n = new WholeNode(dir, settings())) {
      n.serviceAndRoute("billing", "/billing");
      AdminClient.Resp product = n.admin.post("/portal/products",
          "{\"name\":\"Billing\",\"service_ids\":[\"billing\"],\"auth\":\"oauth2\",\"plans\":[{\"name\":\"basic\"}],"
          + "\"openapi\":\"openapi: 3.0.0\\ninfo: {title: Billing}\\npaths: {/invoices: {get: {summary: Invoices}}}\\n\"}");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      assertThat(product.json().get("auth").asText()).isEqualTo("oauth2");
      JsonNode guards = n.admin.get("/plugins?tags=gatehouse-portal").json().get("data");
      assertThat(guards).extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("oauth2", "acl", "cors");
      JsonNode oauth2 = n.admin.get("/plugins?tags=gatehouse-portal").json().get("data").findParent("enable_client_credentials");
      assertThat(oauth2.get("enable_client_credentials").asBoolean()).isTrue();
      assertThat(oauth2.get("global_credentials").asBoolean()).isTrue();
      assertThat(oauth2.get("accept_http_if_already_terminated").asBoolean()).isFalse();
      assertThat(oauth2.get("provision_key").asText()).hasSizeGreaterThan(30);

      AdminClient ada = PortalIT.approvedDeveloper(n, "ada@example.com");
      AdminClient.Resp app = ada.post("/applications", "{\"name\":\"ada-billing\"}");
      assertThat(app.status()).as(app.toString()).isEqualTo(201);
      String appId = app.json().get("id").asText();
      String clientId = app.json().get("client_id").asText();
      String secret = app.json().get("client_secret").asText();
      assertThat(clientId).hasSizeGreaterThan(20);
      assertThat(secret).hasSizeGreaterThan(40);
      assertThat(ada.get("/applications/" + appId).text()).doesNotContain(secret); // shown once, like the key
      JsonNode credential = n.admin.get("/oauth2/" + clientId).json();
      assertThat(credential.get("name").asText()).isEqualTo("ada-billing");
      assertThat(credential.get("client_type").asText()).isEqualTo("confidential");
      assertThat(credential.get("client_secret").asText()).startsWith("$pbkdf2-sha512$").doesNotContain(secret);
      assertThat(credential.get("tags")).extracting(JsonNode::asText).containsExactly("gatehouse-portal");

      // the docs describe the token, not a key: OAuth 2.0's client credentials flow at the proxy's TLS listener
      JsonNode doc = ada.get("/products/Billing/openapi").json();
      assertThat(doc.at("/components/securitySchemes/gatehouse_oauth2/flows/clientCredentials/tokenUrl").asText())
          .isEqualTo(tokenEndpoint(n, "/billing").toString());
      assertThat(doc.at("/components/securitySchemes").has("gatehouse_key")).isFalse();
      assertThat(doc.at("/security/0").has("gatehouse_oauth2")).isTrue();

      AdminClient.Resp sub = ada.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Billing\",\"plan\":\"basic\"}");
      assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
      assertThat(sub.json().get("status").asText()).isEqualTo("requested");
      String subId = sub.json().get("id").asText();

      // a token with the application's client credentials (HTTP Basic): authenticated, but the acl refuses it
      URI endpoint = tokenEndpoint(n, "/billing");
      String token = accessToken(endpoint, new ClientSecretBasic(new ClientID(clientId), new Secret(secret)));
      n.awaitStatus(401, "/billing"); // no token at all
      HttpResponse<String> refused = n.awaitStatus(403, "/billing", "Authorization", "Bearer " + token);
      assertThat(refused.body()).contains("You cannot consume this service");
      // the token endpoint wants TLS (Kong's default: accept_http_if_already_terminated off)
      HttpResponse<String> plain = n.send("POST", "/billing/oauth2/token", java.net.http.HttpRequest.BodyPublishers.ofString(
          "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret),
          "Content-Type", "application/x-www-form-urlencoded");
      assertThat(plain.statusCode()).isEqualTo(400);
      assertThat(plain.body()).contains("You must use HTTPS");

      // the operator approves: 200 within a second; revokes: 403 within a second
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"approved\"}").status()).isEqualTo(200);
      within(Duration.ofSeconds(1), n, "/billing", token, 200);
      // the secret in the form body (client_secret_post) works as well
      String posted = accessToken(endpoint, new ClientSecretPost(new ClientID(clientId), new Secret(secret)));
      assertThat(n.get("/billing", "Authorization", "Bearer " + posted).statusCode()).isEqualTo(200);
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"revoked\"}").status()).isEqualTo(200);
      within(Duration.ofSeconds(1), n, "/billing", token, 403);
      assertThat(n.get("/billing", "Authorization", "Bearer " + token).body()).contains("You cannot consume this service");
    }
  }

  @Test
  void rotating_replaces_the_client_secret_and_stops_its_tokens_and_deleting_the_product_removes_the_guard()
      throws Exception {
    try (WholeNode n = new WholeNode(dir, settings())) {
      n.serviceAndRoute("ledger", "/ledger");
      assertThat(n.admin.post("/portal/products", "{\"name\":\"Ledger\",\"service_ids\":[\"ledger\"],\"auth\":\"oauth2\","
          + "\"auto_approve\":true}").status()).isEqualTo(201);
      AdminClient bob = PortalIT.approvedDeveloper(n, "bob@example.com");
      JsonNode app = bob.post("/applications", "{\"name\":\"bob-ledger\"}").json();
      String appId = app.get("id").asText();
      String clientId = app.get("client_id").asText();
      String oldSecret = app.get("client_secret").asText();
      assertThat(bob.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Ledger\"}").json().get("status")
          .asText()).isEqualTo("approved");
      URI endpoint = tokenEndpoint(n, "/ledger");
      String oldToken = accessToken(endpoint, new ClientSecretBasic(new ClientID(clientId), new Secret(oldSecret)));
      n.awaitStatus(200, "/ledger", "Authorization", "Bearer " + oldToken);

      AdminClient.Resp rotated = bob.post("/applications/" + appId + "/key", "{}");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      assertThat(rotated.json().get("client_id").asText()).isEqualTo(clientId); // the same client, a new secret
      String newSecret = rotated.json().get("client_secret").asText();
      assertThat(newSecret).isNotEqualTo(oldSecret);
      assertThat(rotated.json().get("key").asText()).hasSizeGreaterThan(30);
      within(Duration.ofSeconds(1), n, "/ledger", oldToken, 401); // its client row is gone
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
          token(endpoint, new ClientSecretBasic(new ClientID(clientId), new Secret(oldSecret))).toHTTPResponse()
              .getStatusCode() == 401);
      String newToken = accessToken(endpoint, new ClientSecretBasic(new ClientID(clientId), new Secret(newSecret)));
      assertThat(n.get("/ledger", "Authorization", "Bearer " + newToken).statusCode()).isEqualTo(200);
      assertThat(n.admin.get("/oauth2").json().get("data")).hasSize(1);

      // a second application, deleted: its client and its tokens stop with its consumer
      JsonNode doomed = bob.post("/applications", "{\"name\":\"doomed\"}").json();
      bob.post("/applications/" + doomed.get("id").asText() + "/subscriptions", "{\"product\":\"Ledger\"}");
      String doomedToken = accessToken(endpoint, new ClientSecretBasic(new ClientID(doomed.get("client_id").asText()),
          new Secret(doomed.get("client_secret").asText())));
      n.awaitStatus(200, "/ledger", "Authorization", "Bearer " + doomedToken);
      assertThat(bob.delete("/applications/" + doomed.get("id").asText()).status()).isEqualTo(204);
      within(Duration.ofSeconds(1), n, "/ledger", doomedToken, 401);
      assertThat(n.admin.get("/oauth2").json().get("data")).extracting(c -> c.get("client_id").asText()).containsExactly(clientId);

      // deleting the product removes its oauth2 guard with the others: the route is open again
      assertThat(n.admin.delete("/portal/products/Ledger").status()).isEqualTo(204);
      assertThat(n.admin.get("/plugins?tags=gatehouse-portal").json().get("data")).isEmpty();
      n.awaitStatus(200, "/ledger");
    }
  }

  @Test
  void auth_is_checked_and_fixed_once_the_product_exists() throws Exception {
    try (WholeNode n = new WholeNode(dir, settings())) {
      n.serviceAndRoute("shared", "/shared");
      AdminClient.Resp bad = n.admin.post("/portal/products", "{\"name\":\"X\",\"service_ids\":[\"shared\"],\"auth\":\"basic-auth\"}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("code").asInt()).isEqualTo(2); // Kong's schema violation
      assertThat(bad.json().path("fields").path("auth").asText()).isEqualTo("expected one of: key-auth, oauth2");
      assertThat(n.admin.post("/portal/products", "{\"name\":\"X\",\"service_ids\":[\"shared\"],\"auth\":7}").status())
          .isEqualTo(400);
      assertThat(n.admin.get("/portal/products").json().get("data")).isEmpty();

      AdminClient.Resp keyed = n.admin.post("/portal/products", "{\"name\":\"Keyed\",\"service_ids\":[\"shared\"]}");
      assertThat(keyed.json().get("auth").asText()).isEqualTo("key-auth"); // the default, as before
      AdminClient.Resp change = n.admin.json("PATCH", "/portal/products/Keyed", "{\"auth\":\"oauth2\"}");
      assertThat(change.status()).isEqualTo(400);
      assertThat(change.json().path("fields").path("auth").asText()).startsWith("cannot be changed");
      assertThat(n.admin.json("PATCH", "/portal/products/Keyed", "{\"auth\":\"key-auth\"}").status()).isEqualTo(200);
      // a second product on the same service cannot ask for the other kind: callers would need both
      AdminClient.Resp clash = n.admin.post("/portal/products", "{\"name\":\"Other\",\"service_ids\":[\"shared\"],\"auth\":\"oauth2\"}");
      assertThat(clash.status()).as(clash.toString()).isEqualTo(400);
      assertThat(clash.json().path("fields").path("service_ids").asText()).contains("guarded by key-auth");
      assertThat(n.admin.get("/portal/products").json().get("data")).hasSize(1);
      assertThat(n.admin.get("/plugins?tags=gatehouse-portal").json().get("data"))
          .extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("key-auth", "acl", "cors");
    }
  }

  @Test
  void the_declarative_file_carries_the_auth_kind() throws Exception {
    try (WholeNode n = new WholeNode(dir, settings())) {
      String file = """
          {"_format_version":"3.0",
           "services":[{"name":"pay","url":"%s","routes":[{"name":"pay","paths":["/pay"]}]}],
           "_gatehouse_products":[{"name":"Pay","service_ids":["pay"],"auth":"%s"}]}""";
      String upstream = n.upstream.url("/");
      AdminClient.Resp created = n.admin.post("/declarative", file.formatted(upstream, "oauth2"));
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      assertThat(n.admin.get("/portal/products/Pay").json().get("auth").asText()).isEqualTo("oauth2");
      assertThat(n.admin.get("/services/pay/plugins").json().get("data")).extracting(p -> p.get("name").asText())
          .contains("oauth2", "acl").doesNotContain("key-auth");
      n.awaitStatus(401, "/pay"); // oauth2: no token

      JsonNode export = n.admin.get("/declarative?format=json").json();
      assertThat(export.at("/_gatehouse_products/0/auth").asText()).isEqualTo("oauth2");
      AdminClient.Resp again = n.admin.post("/declarative", export.toString());
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(again.json().at("/_gatehouse_products/updated")).isEmpty();

      AdminClient.Resp changed = n.admin.post("/declarative", file.formatted(upstream, "key-auth"));
      assertThat(changed.status()).isEqualTo(400);
      assertThat(changed.json().get("code").asInt()).isEqualTo(14);
      assertThat(changed.json().at("/fields/_gatehouse_products/0/auth").asText()).startsWith("the product's auth cannot change");
      AdminClient.Resp bad = n.admin.post("/declarative", file.formatted(upstream, "jwt"));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().at("/fields/_gatehouse_products/0/auth").asText()).isEqualTo("expected one of: key-auth, oauth2");
      assertThat(n.admin.get("/portal/products/Pay").json().get("auth").asText()).isEqualTo("oauth2");
    }
  }
}
