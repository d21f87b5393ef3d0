package io.gatehouse.proxy.router;

import io.gatehouse.core.model.Route;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful lookup.
 *
 * @param route the matched route
 * @param matchedPrefix the part of the normalized path matched by the route path (the prefix, or the
 *     whole regex match; {@code "/"} for routes without paths), used by strip_path
 * @param uriCaptures regex captures ({@code [0]} = full match, then numbered groups), empty for
 *     prefix routes; Kong's {@code router_matches.uri_captures}
 * @param namedCaptures named regex groups, empty when none
 */
public record RouteMatch(
    Route route, String matchedPrefix, List<String> uriCaptures, Map<String, String> namedCaptures) {}
