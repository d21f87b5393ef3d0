package io.gatehouse.store.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.store.PortalStoreFixture;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The portal tables on SQLite (PostgreSQL runs them in the app's PortalIT). */
class PortalStoreTest extends PortalStoreFixture {

  static ApiProduct product(String id, String name) {
    return new ApiProduct(id, name, "d", "1", List.of("s1", "s2"), List.of(), null, "[{\"name\":\"free\"}]", false, 1, 1);
  }

  @Test
  void rows_written_within_a_store_transaction_commit_and_roll_back_with_its_entities() {
    try (SqliteConfigStore config = SqliteConfigStore.open(dir.resolve("gatehouse.db"))) {
      config.register(io.gatehouse.store.ContractTables.SERVICES);
      ObjectNode service = io.gatehouse.core.json.Json.object().put("id", "00000000-0000-4000-8000-000000000001")
          .put("name", "weather");
      long before = config.version();
      // a clash in the middle (the second product's name): neither the first product nor the service is kept
      assertThatThrownBy(() -> config.transaction(tx -> {
        store.within(tx).insertProduct(product("p1", "Weather"));
        tx.insert("services", service);
        return store.within(tx).insertProduct(product("p2", "Weather"));
      })).isInstanceOfSatisfying(KongException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
      assertThat(store.products()).isEmpty();
      assertThat(config.get("services", service.get("id").asText())).isEmpty();
      assertThat(config.version()).isEqualTo(before);

      // the transaction reads its own rows; both are there once it commits
      ApiProduct kept = config.transaction(tx -> {
        store.within(tx).insertProduct(product("p1", "Weather"));
        tx.insert("services", service);
        return store.within(tx).product("Weather").orElseThrow();
      });
      assertThat(store.products()).containsExactly(kept);
      assertThat(config.get("services", service.get("id").asText())).isPresent();
      assertThat(config.version()).isEqualTo(before + 1);
    }
  }

  @Test
  void products_round_trip_and_names_are_unique() {
    store.insertProduct(product("p1", "Weather"));
    assertThat(store.product("p1")).contains(product("p1", "Weather"));
    assertThat(store.product("Weather")).contains(product("p1", "Weather"));
    assertThatThrownBy(() -> store.insertProduct(product("p2", "Weather")))
        .isInstanceOfSatisfying(KongException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
    ApiProduct renamed = new ApiProduct("p1", "Climate", null, null, List.of("s1"), List.of("r1"), "openapi: 3.0.0",
        "[]", true, 1, 2, "/openapi.yaml", 2); // a document fetched from a path on the service
    store.replaceProduct(renamed);
    assertThat(store.products()).containsExactly(renamed);
  }

  @Test
  void a_due_fetch_is_claimed_once_and_its_outcome_is_kept_only_for_the_url_it_fetched() {
    ApiProduct fetched = new ApiProduct("p1", "Weather", null, null, List.of("s1"), List.of(), "openapi: 3.0.0", "[]",
        false, 10, 10, "http://docs/openapi.yaml", 10);
    store.insertProduct(fetched);
    store.insertProduct(product("p2", "Texts")); // no URL: never due
    store.in("ws-2").insertProduct(new ApiProduct("p3", "Other", null, null, List.of("s1"), List.of(), "swagger: '2.0'",
        "[]", false, 30, 30, "/openapi.yaml", 30));
    assertThat(store.openApiDue(9)).isEmpty();
    assertThat(store.openApiDue(30)).extracting(d -> d.wsId() + "/" + d.product().id())
        .containsExactly(PortalStore.DEFAULT_WORKSPACE + "/p1", "ws-2/p3"); // every workspace's, longest waiting first

    // two nodes saw it due at 10: one claims it
    assertThat(store.claimOpenApiCheck("p1", 10, 20)).isTrue();
    assertThat(store.claimOpenApiCheck("p1", 10, 20)).isFalse();
    assertThat(store.openApiDue(19)).isEmpty();

    // a failure keeps the document and says why; the same document again moves neither it nor updated_at
    assertThat(store.openApiFetchFailed("p1", "http://docs/openapi.yaml", "answered 404", 21)).isTrue();
    ApiProduct failed = store.product("p1").orElseThrow();
    assertThat(failed.openapi()).isEqualTo("openapi: 3.0.0");
    assertThat(failed.openapiFetchError()).isEqualTo("answered 404");
    assertThat(failed.openapiCheckedAt()).isEqualTo(21);
    assertThat(failed.openapiFetchedAt()).isEqualTo(10);
    assertThat(store.openApiFetched("p1", "http://docs/openapi.yaml", "openapi: 3.0.0", 22)).isTrue();
    ApiProduct same = store.product("p1").orElseThrow();
    assertThat(same.openapiFetchError()).isNull();
    assertThat(same.updatedAt()).isEqualTo(10);
    assertThat(same.openapiFetchedAt()).isEqualTo(22);
    assertThat(store.openApiFetched("p1", "http://docs/openapi.yaml", "openapi: 3.1.0", 23)).isTrue();
    assertThat(store.product("p1").orElseThrow()).extracting(ApiProduct::openapi, ApiProduct::updatedAt)
        .containsExactly("openapi: 3.1.0", 23L);

    // the URL changed meanwhile (a PATCH): an older fetch's outcome is dropped
    assertThat(store.openApiFetched("p1", "http://old/openapi.yaml", "openapi: 3.0.9", 24)).isFalse();
    assertThat(store.openApiFetchFailed("p1", "http://old/openapi.yaml", "gone", 24)).isFalse();
    assertThat(store.product("p1").orElseThrow()).extracting(ApiProduct::openapi, ApiProduct::openapiFetchError)
        .containsExactly("openapi: 3.1.0", null);
  }

  @Test
  void a_products_auth_kind_round_trips_and_defaults_to_key_auth() {
    store.insertProduct(product("p1", "Weather"));
    assertThat(store.product("p1").orElseThrow().auth()).isEqualTo(ApiProduct.KEY_AUTH);
    ApiProduct oauth = new ApiProduct("p2", "Billing", null, null, List.of("s1"), List.of(), null, "[]", false, 1, 1,
        null, 0, ApiProduct.OAUTH2);
    store.insertProduct(oauth);
    assertThat(store.product("Billing")).contains(oauth);
    ApiProduct back = new ApiProduct("p2", "Billing", null, null, List.of("s1"), List.of(), null, "[]", false, 1, 2,
        null, 0, ApiProduct.KEY_AUTH);
    store.replaceProduct(back);
    assertThat(store.product("p2")).contains(back);
  }

  @Test
  void subscriptions_filter_by_application_product_and_status_and_go_with_their_product() {
    store.insertProduct(product("p1", "A"));
    store.insertProduct(product("p2", "B"));
    Subscription s1 = store.insertSubscription(new Subscription("s1", "app1", "p1", "free", SubscriptionStatus.REQUESTED, 1, 1, 0));
    Subscription s2 = store.insertSubscription(new Subscription("s2", "app1", "p2", "free", SubscriptionStatus.REQUESTED, 2, 2, 0));
    Subscription s3 = store.insertSubscription(new Subscription("s3", "app2", "p1", "free", SubscriptionStatus.REQUESTED, 3, 3, 0));
    assertThatThrownBy(() -> store.insertSubscription(new Subscription("s4", "app1", "p1", "free",
        SubscriptionStatus.REQUESTED, 4, 4, 0))).isInstanceOf(KongException.class);
    Subscription approved = store.replaceSubscription(s3.withStatus(SubscriptionStatus.APPROVED, 9));

    assertThat(store.subscriptions(null, null, null)).containsExactly(s1, s2, approved);
    assertThat(store.subscriptions("app1", null, null)).containsExactly(s1, s2);
    assertThat(store.subscriptions(null, "p1", null)).containsExactly(s1, approved);
    assertThat(store.subscriptions(null, "p1", SubscriptionStatus.APPROVED)).containsExactly(approved);
    assertThat(approved.decidedAt()).isEqualTo(9);

    assertThat(store.deleteProduct("p1")).isTrue();
    assertThat(store.subscriptions(null, null, null)).containsExactly(s2);
  }

  @Test
  void developers_and_applications() {
    Developer d = store.insertDeveloper(new Developer("d1", "ada@example.com", "$argon2id$x", DeveloperStatus.PENDING, 1, 1));
    assertThatThrownBy(() -> store.insertDeveloper(new Developer("d2", "ada@example.com", "h", DeveloperStatus.PENDING, 1, 1)))
        .isInstanceOf(KongException.class);
    Developer approved = store.replaceDeveloper(new Developer("d1", d.email(), d.passwordHash(), DeveloperStatus.APPROVED, 1, 5));
    assertThat(store.developer("ada@example.com")).contains(approved);
    Application a = store.insertApplication(new Application("a1", "d1", "app", "c1", 1, 1));
    store.insertApplication(new Application("a2", "d9", "app", "c2", 2, 2)); // names are unique per developer
    assertThat(store.applications("d1")).containsExactly(a);
    assertThat(store.applications(null)).hasSize(2);
    assertThat(store.application("a1")).contains(a);
  }

  @Test
  void each_workspace_sees_only_its_own_rows() {
    PortalStore a = store.in("ws-a");
    PortalStore b = store.in("ws-b");
    a.insertProduct(product("pa", "Weather"));
    b.insertProduct(product("pb", "Weather")); // names are unique per workspace
    assertThat(a.products()).extracting(ApiProduct::id).containsExactly("pa");
    assertThat(b.product("pa")).isEmpty();
    assertThat(store.products()).isEmpty(); // the default workspace's

    Developer d = a.insertDeveloperWithIdentity(new Developer("da", "ada@example.com", "h", DeveloperStatus.APPROVED, 1, 1),
        "https://idp", "sub-1");
    b.insertDeveloper(new Developer("db", "ada@example.com", "h", DeveloperStatus.APPROVED, 1, 1));
    assertThat(a.developerByIdentity("https://idp", "sub-1")).contains(d);
    assertThat(b.developerByIdentity("https://idp", "sub-1")).isEmpty();
    assertThat(b.developer("da")).isEmpty();
    assertThat(b.deleteDeveloper("da")).isFalse();

    a.insertApplication(new Application("app-a", "da", "app", "c1", 1, 1));
    a.insertSubscription(new Subscription("sa", "app-a", "pa", "free", SubscriptionStatus.APPROVED, 1, 1, 1));
    assertThat(b.application("app-a")).isEmpty();
    assertThat(b.subscription("sa")).isEmpty();
    assertThat(b.subscriptions(null, null, null)).isEmpty();
    assertThat(b.deleteApplication("app-a")).isFalse();
    assertThat(a.deleteApplication("app-a")).isTrue();
    assertThat(a.subscriptions(null, null, null)).isEmpty(); // gone with its application
    assertThat(a.deleteDeveloper("da")).isTrue();
    assertThat(a.developerByIdentity("https://idp", "sub-1")).isEmpty();
  }
}
