package io.gatehouse.plugins.acl;

import io.gatehouse.sdk.Default;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** acl's config; exactly one of {@code allow}/{@code deny} is set (the schema checks it). */
public record AclConfig(
    @Nullable List<String> allow,
    @Nullable List<String> deny,
    @Default("false") boolean hideGroupsHeader,
    @Default("false") boolean alwaysUseAuthenticatedGroups) {

  /** Kong's mode: deny when {@code deny} has an entry, else allow. */
  boolean denyMode() {
    return deny != null && !deny.isEmpty();
  }

  List<String> groups() {
    List<String> g = denyMode() ? deny : allow;
    return g == null ? List.of() : g;
  }
}
