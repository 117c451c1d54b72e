package io.mosaic.core;

import java.util.Optional;

/**
 * One call to one upstream: the single functional interface of the call pipeline. The HTTP client is the
 * innermost {@code Fetch}; deadlines, bulkheads, circuit breakers, caches and metrics are {@link FetchStage}s
 * that decorate it. A {@code Fetch} never throws for upstream trouble: it returns a {@link FetchResult}.
 */
@FunctionalInterface
public interface Fetch {

    FetchResult fetch(FetchRequest request);

    /**
     * The answer when it is at hand without any waiting, such as a cache hit; empty when the call has to be made.
     * Lets the fan-out serve hits on the request's own thread and fork only the calls that wait. A stage that
     * wraps this {@code Fetch} delegates it, or leaves it empty when its own work must run first.
     */
    default Optional<FetchResult> ready(FetchRequest request) {
        return Optional.empty();
    }
}
