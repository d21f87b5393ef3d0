package io.gatehouse.store.portal;

/**
 * An application's subscription to a product under one of its plans.
 *
 * @param decidedAt when an operator (or auto-approval) last decided, epoch seconds; 0 while requested
 */
public record Subscription(String id, String applicationId, String productId, String plan,
    SubscriptionStatus status, long createdAt, long updatedAt, long decidedAt) {

  public Subscription withStatus(SubscriptionStatus next, long now) {
    return new Subscription(id, applicationId, productId, plan, next, createdAt, now, now);
  }
}
