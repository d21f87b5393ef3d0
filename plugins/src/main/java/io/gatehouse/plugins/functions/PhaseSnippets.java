package io.gatehouse.plugins.functions;

import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The six phase arrays both plugins' configs share (Kong's {@code pre-function/_schema.lua}) and their language. */
public interface PhaseSnippets {
  List<String> certificate();

  List<String> rewrite();

  List<String> access();

  List<String> headerFilter();

  List<String> bodyFilter();

  List<String> log();

  /** {@code lua} or {@code javascript}. */
  String language();

  default Map<SnippetPhase, List<String>> byPhase() {
    Map<SnippetPhase, List<String>> out = new EnumMap<>(SnippetPhase.class);
    out.put(SnippetPhase.CERTIFICATE, certificate());
    out.put(SnippetPhase.REWRITE, rewrite());
    out.put(SnippetPhase.ACCESS, access());
    out.put(SnippetPhase.HEADER_FILTER, headerFilter());
    out.put(SnippetPhase.BODY_FILTER, bodyFilter());
    out.put(SnippetPhase.LOG, log());
    return out;
  }
}
