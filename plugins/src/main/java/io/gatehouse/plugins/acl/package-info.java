/**
 * Kong's {@code acl} plugin (reference plugins §7): allow or deny consumers by group, with groups
 * stored as {@code acls} ({@code /acls}, {@code /consumers/{c}/acls}).
 */
@NullMarked
package io.gatehouse.plugins.acl;

import org.jspecify.annotations.NullMarked;
