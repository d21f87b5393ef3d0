/**
 * The developer portal: {@link io.gatehouse.admin.portal.Portal} serves the operator's
 * {@code /portal/*} Admin API endpoints and the developers' API ({@code portal_api_listen}); the
 * pages on {@code portal_gui_listen} are module {@code portal}'s. Approval is enforced by ordinary Kong entities
 * ({@code key-auth} or {@code oauth2}, {@code acl}, {@code rate-limiting}) that {@code ProxyGrants} writes, tagged
 * {@code gatehouse-portal}, in the same store transaction as the portal rows they go with
 * ({@code PortalTransactions}); see docs/portal.md.
 */
@NullMarked
package io.gatehouse.admin.portal;

import org.jspecify.annotations.NullMarked;
