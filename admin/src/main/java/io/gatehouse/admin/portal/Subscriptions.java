package io.gatehouse.admin.portal;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.Application;
import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.portal.Subscription;
import io.gatehouse.store.portal.SubscriptionStatus;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Subscriptions and their decisions. Approval grants at the proxy ({@link ProxyGrants#grant}),
 * rejection or revocation of an approved one takes the grant back; the row records the decision.
 */
final class Subscriptions {
  private final PortalStore store;
  private final ProxyGrants grants;
  private final Clock clock;

  Subscriptions(PortalStore store, ProxyGrants grants, Clock clock) {
    this.store = store;
    this.grants = grants;
    this.clock = clock;
  }

  /**
   * A new subscription, approved at once when the product auto-approves. One that was rejected or
   * revoked is requested again (with this plan); one that is requested or approved is 409.
   */
  Subscription subscribe(Application app, ApiProduct product, String planName) {
    Plan plan = plan(product, planName);
    long now = clock.instant().getEpochSecond();
    Subscription s = store.subscriptions(app.id(), product.id(), null).stream()
        .filter(old -> old.status() == SubscriptionStatus.REJECTED || old.status() == SubscriptionStatus.REVOKED)
        .findFirst()
        .map(old -> store.replaceSubscription(new Subscription(old.id(), old.applicationId(), old.productId(),
            plan.name(), SubscriptionStatus.REQUESTED, old.createdAt(), now, old.decidedAt())))
        .orElseGet(() -> store.insertSubscription(new Subscription(UUID.randomUUID().toString(), app.id(), product.id(),
            plan.name(), SubscriptionStatus.REQUESTED, now, now, 0)));
    return product.autoApprove() ? decide(s, SubscriptionStatus.APPROVED) : s;
  }

  /**
   * Moves a subscription to {@code next}: approved grants, rejected/revoked take an approval back.
   * A decision that changes nothing answers the subscription as it is.
   */
  Subscription decide(Subscription s, SubscriptionStatus next) {
    if (next == SubscriptionStatus.REQUESTED) {
      throw KongException.schemaViolation(Json.object().put("status", "expected one of: approved, rejected, revoked"));
    }
    if (s.status() == next) return s;
    if (next == SubscriptionStatus.REVOKED && s.status() != SubscriptionStatus.APPROVED) {
      throw KongException.schemaViolation(Json.object().put("status", "only an approved subscription can be revoked"));
    }
    ApiProduct product = store.product(s.productId()).orElseThrow(() -> new IllegalStateException(
        "subscription " + s.id() + " names product " + s.productId() + ", which is gone"));
    Application app = store.application(s.applicationId()).orElseThrow(() -> new IllegalStateException(
        "subscription " + s.id() + " names application " + s.applicationId() + ", which is gone"));
    if (next == SubscriptionStatus.APPROVED) {
      grants.grant(product, plan(product, s.plan()), app.consumerId());
    } else if (s.status() == SubscriptionStatus.APPROVED) {
      grants.revoke(product, app.consumerId());
    }
    return store.replaceSubscription(s.withStatus(next, clock.instant().getEpochSecond()));
  }

  /**
   * Moves a subscription to another plan of its product. An approved one is granted again at once,
   * so the proxy enforces the new tier from the next snapshot (the old rate-limiting plugins are replaced).
   */
  Subscription changePlan(Subscription s, String planName) {
    if (planName == null) throw KongException.schemaViolation(Json.object().put("plan", "required field missing"));
    ApiProduct product = store.product(s.productId()).orElseThrow(() -> new IllegalStateException(
        "subscription " + s.id() + " names product " + s.productId() + ", which is gone"));
    Plan plan = plan(product, planName);
    if (plan.name().equals(s.plan())) return s;
    if (s.status() == SubscriptionStatus.APPROVED) {
      store.application(s.applicationId()).ifPresent(app -> grants.grant(product, plan, app.consumerId()));
    }
    return store.replaceSubscription(new Subscription(s.id(), s.applicationId(), s.productId(), plan.name(), s.status(),
        s.createdAt(), clock.instant().getEpochSecond(), s.decidedAt()));
  }

  /**
   * Writes the grants of every approved subscription of the product again (after a plan change, or
   * a decK sync that removed them); grants are idempotent.
   */
  void regrant(ApiProduct product) {
    for (Subscription s : store.subscriptions(null, product.id(), SubscriptionStatus.APPROVED)) {
      store.application(s.applicationId()).ifPresent(app -> grants.grant(product, plan(product, s.plan()), app.consumerId()));
    }
  }

  /** Takes an approved subscription's grant away (its product is being deleted). */
  void ungrant(ApiProduct product, Subscription s) {
    store.application(s.applicationId()).ifPresent(app -> grants.revoke(product, app.consumerId()));
  }

  java.util.Optional<Subscription> find(String id) {
    return store.subscription(id);
  }

  List<Subscription> list(String applicationId, String productId, SubscriptionStatus status) {
    return store.subscriptions(applicationId, productId, status);
  }

  private static Plan plan(ApiProduct product, String name) {
    List<Plan> plans = Products.plans(product);
    if (name == null) return plans.getFirst();
    return plans.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
        KongException.schemaViolation(Json.object().put("plan", "product '" + product.name() + "' has no plan '" + name
            + "' (plans: " + String.join(", ", plans.stream().map(Plan::name).toList()) + ")")));
  }
}
