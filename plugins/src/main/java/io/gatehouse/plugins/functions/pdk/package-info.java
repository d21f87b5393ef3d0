/**
 * The PDK snippets call, written once for every language: {@link
 * io.gatehouse.plugins.functions.pdk.KongPdk}'s namespaces of functions over a {@link
 * io.gatehouse.plugins.functions.pdk.RequestScope}, which the Lua and JavaScript bindings expose
 * as {@code kong.*}; the request state they share across phases; the hooks every phase run does.
 */
@NullMarked
package io.gatehouse.plugins.functions.pdk;

import org.jspecify.annotations.NullMarked;
