package io.gatehouse.plugins.functions;

import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import java.util.List;

/** post-function's config: Lua sources per phase, each checked to compile. */
public record PostFunctionConfig(
    @Default({}) List<@Check(LuaSyntax.Post.class) String> certificate,
    @Default({}) List<@Check(LuaSyntax.Post.class) String> rewrite,
    @Default({}) List<@Check(LuaSyntax.Post.class) String> access,
    @Default({}) List<@Check(LuaSyntax.Post.class) String> headerFilter,
    @Default({}) List<@Check(LuaSyntax.Post.class) String> bodyFilter,
    @Default({}) List<@Check(LuaSyntax.Post.class) String> log) implements PhaseSnippets {}
