/**
 * The developer portal's own tables (migration {@code V6__portal}): API products, developers, their
 * applications and subscriptions. Start at {@link io.gatehouse.store.portal.PortalStore}.
 */
@org.jspecify.annotations.NullMarked
package io.gatehouse.store.portal;
