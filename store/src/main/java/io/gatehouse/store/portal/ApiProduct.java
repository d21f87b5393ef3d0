package io.gatehouse.store.portal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One API product of the portal: what developers subscribe to.
 *
 * @param serviceIds the Kong services the product exposes
 * @param routeIds the Kong routes the product exposes (besides whole services)
 * @param openapi the OpenAPI document, as text (JSON or YAML), or null
 * @param plans the plans as a JSON array text ({@code [{"name":…, "minute":…, …}]})
 * @param autoApprove subscriptions are approved without an operator
 * @param openapiUrl where {@code openapi} is fetched from: an http(s) URL, or a path on the product's
 *     service; null when the document is given as text
 * @param openapiFetchedAt when {@code openapi} was last fetched from {@code openapiUrl} (epoch seconds, 0: never)
 * @param auth how callers authenticate at the proxy: {@value #KEY_AUTH} or {@value #OAUTH2}
 * @param openapiCheckedAt when {@code openapiUrl} was last tried, successfully or not (epoch seconds, 0: never)
 * @param openapiFetchError why that last try failed; null when it did not (or there was none)
 */
public record ApiProduct(String id, String name, @Nullable String description, @Nullable String version,
    List<String> serviceIds, List<String> routeIds, @Nullable String openapi, String plans, boolean autoApprove,
    long createdAt, long updatedAt, @Nullable String openapiUrl, long openapiFetchedAt, String auth,
    long openapiCheckedAt, @Nullable String openapiFetchError) {
  /** The default auth kind: an application's key-auth key. */
  public static final String KEY_AUTH = "key-auth";
  /** OAuth 2.0 client credentials: an application's oauth2 client id and secret. */
  public static final String OAUTH2 = "oauth2";

  public ApiProduct {
    serviceIds = List.copyOf(serviceIds);
    routeIds = List.copyOf(routeIds);
    java.util.Objects.requireNonNull(auth, "auth");
  }

  /** A product whose document was last tried when it was last fetched (at {@code openapiFetchedAt}), without error. */
  public ApiProduct(String id, String name, @Nullable String description, @Nullable String version,
      List<String> serviceIds, List<String> routeIds, @Nullable String openapi, String plans, boolean autoApprove,
      long createdAt, long updatedAt, @Nullable String openapiUrl, long openapiFetchedAt, String auth) {
    this(id, name, description, version, serviceIds, routeIds, openapi, plans, autoApprove, createdAt, updatedAt,
        openapiUrl, openapiFetchedAt, auth, openapiFetchedAt, null);
  }

  /** A product guarded by key-auth. */
  public ApiProduct(String id, String name, @Nullable String description, @Nullable String version,
      List<String> serviceIds, List<String> routeIds, @Nullable String openapi, String plans, boolean autoApprove,
      long createdAt, long updatedAt, @Nullable String openapiUrl, long openapiFetchedAt) {
    this(id, name, description, version, serviceIds, routeIds, openapi, plans, autoApprove, createdAt, updatedAt,
        openapiUrl, openapiFetchedAt, KEY_AUTH);
  }

  /** A product whose document, if any, is given as text. */
  public ApiProduct(String id, String name, @Nullable String description, @Nullable String version,
      List<String> serviceIds, List<String> routeIds, @Nullable String openapi, String plans, boolean autoApprove,
      long createdAt, long updatedAt) {
    this(id, name, description, version, serviceIds, routeIds, openapi, plans, autoApprove, createdAt, updatedAt, null, 0);
  }
}
