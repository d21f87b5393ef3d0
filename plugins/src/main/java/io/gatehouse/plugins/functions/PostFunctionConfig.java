package io.gatehouse.plugins.functions;

import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import java.util.List;

/**
 * post-function's config: sources per phase (each must compile, see {@link SnippetSyntax}) and,
 * beyond Kong, their {@code language} ({@code lua}, Kong's, by default; {@code javascript}).
 */
public record PostFunctionConfig(
    @Default({}) List<String> certificate,
    @Default({}) List<String> rewrite,
    @Default({}) List<String> access,
    @Default({}) List<String> headerFilter,
    @Default({}) List<String> bodyFilter,
    @Default({}) List<String> log,
    @Default("lua") @OneOf({"lua", "javascript"}) String language) implements PhaseSnippets {}
