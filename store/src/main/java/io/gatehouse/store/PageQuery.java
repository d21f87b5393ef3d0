package io.gatehouse.store;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A page request.
 *
 * @param size rows per page, 1..1000 (checked by the caller)
 * @param offset the opaque token from the previous page's {@link Page#offset()}, or null
 * @param tags tag filter values, empty for none
 * @param anyTag true for Kong's {@code a/b} (any), false for {@code a,b} (all)
 * @param foreignField with {@code foreignId}: only rows whose FK field references that id
 *     ({@code /services/{s}/routes})
 * @param equalsField with {@code equalsValue}: only rows whose top-level string field has that value
 *     ({@code /consumers?custom_id=…}); indexed when the field is a unique field, else a scan
 * @param workspace only rows of that workspace (id), or null for the rows of every workspace
 */
public record PageQuery(
    int size,
    @Nullable String offset,
    List<String> tags,
    boolean anyTag,
    @Nullable String foreignField,
    @Nullable String foreignId,
    @Nullable String equalsField,
    @Nullable String equalsValue,
    @Nullable String workspace) {

  public PageQuery {
    if (size < 1 || size > 1000) {
      throw new IllegalArgumentException("size must be 1..1000, got " + size);
    }
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
  }

  public static PageQuery first(int size) {
    return new PageQuery(size, null, List.of(), false, null, null, null, null, null);
  }

  public PageQuery withOffset(@Nullable String newOffset) {
    return new PageQuery(size, newOffset, tags, anyTag, foreignField, foreignId, equalsField, equalsValue, workspace);
  }

  public PageQuery withForeign(String field, String id) {
    return new PageQuery(size, offset, tags, anyTag, field, id, equalsField, equalsValue, workspace);
  }

  public PageQuery withTags(List<String> newTags, boolean any) {
    return new PageQuery(size, offset, newTags, any, foreignField, foreignId, equalsField, equalsValue, workspace);
  }

  public PageQuery withEquals(String field, String value) {
    return new PageQuery(size, offset, tags, anyTag, foreignField, foreignId, field, value, workspace);
  }

  public PageQuery inWorkspace(@Nullable String wsId) {
    return new PageQuery(size, offset, tags, anyTag, foreignField, foreignId, equalsField, equalsValue, wsId);
  }
}
