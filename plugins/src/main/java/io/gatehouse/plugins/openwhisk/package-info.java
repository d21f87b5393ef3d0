/**
 * Kong's openwhisk plugin (its own repository, {@code Kong/kong-plugin-openwhisk}): invokes an
 * OpenWhisk action with the request's parameters and answers with its result.
 */
@NullMarked
package io.gatehouse.plugins.openwhisk;

import org.jspecify.annotations.NullMarked;
