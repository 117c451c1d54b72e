package io.mosaic.core;

/**
 * One call to one upstream: the single functional interface of the call pipeline. The HTTP client is the
 * innermost {@code Fetch}; deadlines, bulkheads, circuit breakers, caches and metrics are {@link FetchStage}s
 * that decorate it. A {@code Fetch} never throws for upstream trouble: it returns a {@link FetchResult}.
 */
@FunctionalInterface
public interface Fetch {

    FetchResult fetch(FetchRequest request);
}
