package io.gatehouse.admin.portal;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.Application;
import io.gatehouse.store.portal.Subscription;
import io.gatehouse.store.portal.SubscriptionStatus;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Subscriptions and their decisions. Approval grants at the proxy ({@link ProxyGrants#grant}),
 * rejection or revocation of an approved one takes the grant back; the row records the decision in
 * the same store transaction ({@link PortalTransactions}).
 */
final class Subscriptions {
  private final PortalTransactions transactions;
  private final ProxyGrants grants;
  private final Clock clock;

  Subscriptions(PortalTransactions transactions, ProxyGrants grants, Clock clock) {
    this.transactions = transactions;
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
    return transactions.run(t -> {
      Subscription s = t.rows().subscriptions(app.id(), product.id(), null).stream()
          .filter(old -> old.status() == SubscriptionStatus.REJECTED || old.status() == SubscriptionStatus.REVOKED)
          .findFirst()
          .map(old -> t.rows().replaceSubscription(new Subscription(old.id(), old.applicationId(), old.productId(),
              plan.name(), SubscriptionStatus.REQUESTED, old.createdAt(), now, old.decidedAt())))
          .orElseGet(() -> t.rows().insertSubscription(new Subscription(UUID.randomUUID().toString(), app.id(),
              product.id(), plan.name(), SubscriptionStatus.REQUESTED, now, now, 0)));
      return product.autoApprove() ? decide(t, s, SubscriptionStatus.APPROVED) : s;
    });
  }

  /**
   * Moves a subscription to {@code next}: approved grants, rejected/revoked take an approval back.
   * A decision that changes nothing answers the subscription as it is.
   */
  Subscription decide(Subscription s, SubscriptionStatus next) {
    return transactions.run(t -> decide(t, s, next));
  }

  private Subscription decide(PortalTransactions.Tx t, Subscription s, SubscriptionStatus next) {
    if (next == SubscriptionStatus.REQUESTED) {
      throw KongException.schemaViolation(Json.object().put("status", "expected one of: approved, rejected, revoked"));
    }
    if (s.status() == next) return s;
    if (next == SubscriptionStatus.REVOKED && s.status() != SubscriptionStatus.APPROVED) {
      throw KongException.schemaViolation(Json.object().put("status", "only an approved subscription can be revoked"));
    }
    ApiProduct product = product(t, s);
    Application app = t.rows().application(s.applicationId()).orElseThrow(() -> new IllegalStateException(
        "subscription " + s.id() + " names application " + s.applicationId() + ", which is gone"));
    if (next == SubscriptionStatus.APPROVED) {
      grants.grant(t.entities(), product, plan(product, s.plan()), app.consumerId());
    } else if (s.status() == SubscriptionStatus.APPROVED) {
      grants.revoke(t.entities(), product, app.consumerId());
    }
    return t.rows().replaceSubscription(s.withStatus(next, clock.instant().getEpochSecond()));
  }

  /**
   * Moves a subscription to another plan of its product. An approved one is granted again at once,
   * so the proxy enforces the new tier from the next snapshot (the old rate-limiting plugins are replaced).
   */
  Subscription changePlan(Subscription s, String planName) {
    if (planName == null) throw KongException.schemaViolation(Json.object().put("plan", "required field missing"));
    return transactions.run(t -> {
      ApiProduct product = product(t, s);
      Plan plan = plan(product, planName);
      if (plan.name().equals(s.plan())) return s;
      if (s.status() == SubscriptionStatus.APPROVED) {
        t.rows().application(s.applicationId()).ifPresent(app -> grants.grant(t.entities(), product, plan, app.consumerId()));
      }
      return t.rows().replaceSubscription(new Subscription(s.id(), s.applicationId(), s.productId(), plan.name(),
          s.status(), s.createdAt(), clock.instant().getEpochSecond(), s.decidedAt()));
    });
  }

  /**
   * Writes the grants of every approved subscription of the product again (after a plan change, or
   * a decK sync that removed them); grants are idempotent.
   */
  void regrant(PortalTransactions.Tx t, ApiProduct product) {
    for (Subscription s : t.rows().subscriptions(null, product.id(), SubscriptionStatus.APPROVED)) {
      t.rows().application(s.applicationId())
          .ifPresent(app -> grants.grant(t.entities(), product, plan(product, s.plan()), app.consumerId()));
    }
  }

  /** Takes the grants of every approved subscription of the product away (it is being deleted). */
  void ungrant(PortalTransactions.Tx t, ApiProduct product) {
    for (Subscription s : t.rows().subscriptions(null, product.id(), SubscriptionStatus.APPROVED)) {
      t.rows().application(s.applicationId()).ifPresent(app -> grants.revoke(t.entities(), product, app.consumerId()));
    }
  }

  java.util.Optional<Subscription> find(String id) {
    return transactions.rows().subscription(id);
  }

  List<Subscription> list(String applicationId, String productId, SubscriptionStatus status) {
    return transactions.rows().subscriptions(applicationId, productId, status);
  }

  private static ApiProduct product(PortalTransactions.Tx t, Subscription s) {
    return t.rows().product(s.productId()).orElseThrow(() -> new IllegalStateException(
        "subscription " + s.id() + " names product " + s.productId() + ", which is gone"));
  }

  private static Plan plan(ApiProduct product, String name) {
    List<Plan> plans = Products.plans(product);
    if (name == null) return plans.getFirst();
    return plans.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
        KongException.schemaViolation(Json.object().put("plan", "product '" + product.name() + "' has no plan '" + name
            + "' (plans: " + String.join(", ", plans.stream().map(Plan::name).toList()) + ")")));
  }
}
