package io.gatehouse.plugins.functions;

import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import java.util.List;

/** pre-function's config: Lua sources per phase, each checked to compile. */
public record PreFunctionConfig(
    @Default({}) List<@Check(LuaSyntax.Pre.class) String> certificate,
    @Default({}) List<@Check(LuaSyntax.Pre.class) String> rewrite,
    @Default({}) List<@Check(LuaSyntax.Pre.class) String> access,
    @Default({}) List<@Check(LuaSyntax.Pre.class) String> headerFilter,
    @Default({}) List<@Check(LuaSyntax.Pre.class) String> bodyFilter,
    @Default({}) List<@Check(LuaSyntax.Pre.class) String> log) implements PhaseSnippets {}
