package io.mosaic.routing;

import java.util.Set;

/**
 * The flags' verdict for one request, evaluated once and passed along explicitly (never through a
 * ThreadLocal, which would not follow the fan-out onto other threads).
 *
 * @param path              composed or direct
 * @param shadow            whether the other path is also computed in the background and compared
 * @param disabledEnrichers enrichers whose kill switch is off for this request
 */
public record RoutingDecision(RoutePath path, boolean shadow, Set<String> disabledEnrichers) {

    public RoutingDecision {
        disabledEnrichers = Set.copyOf(disabledEnrichers);
    }

    public static RoutingDecision composed() {
        return new RoutingDecision(RoutePath.COMPOSED, false, Set.of());
    }

    public static RoutingDecision direct() {
        return new RoutingDecision(RoutePath.DIRECT, false, Set.of());
    }
}
