/**
 * The developer portal's web pages on {@code portal_gui_listen}: start at
 * {@link io.gatehouse.portal.PortalGui}. The pages call the developers' API
 * ({@code io.gatehouse.admin.portal}) with the session cookie; see docs/portal.md.
 */
@NullMarked
package io.gatehouse.portal;

import org.jspecify.annotations.NullMarked;
