package io.gatehouse.plugins.tracing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code typedefs.propagation} record ({@code extract}, {@code clear}, {@code inject},
 * {@code default_format}); each tracing plugin declares it as a record with its own default format.
 */
public interface PropagationFields {
  /** Extractor names; Kong's list leaves out {@code b3-single} (the b3 extractor reads both forms). */
  String[] EXTRACTORS = {"w3c", "b3", "jaeger", "ot", "datadog", "aws", "gcp"};

  @Nullable List<String> extract();

  @Nullable List<String> clear();

  @Nullable List<String> inject();

  String defaultFormat();
}
