package io.mosaic.core;

import java.util.List;
import java.util.function.UnaryOperator;

/** Decorates a {@link Fetch}. A stage that is not configured is the {@link #identity()}, so assembly never branches. */
@FunctionalInterface
public interface FetchStage extends UnaryOperator<Fetch> {

    static FetchStage identity() {
        return fetch -> fetch;
    }

    /**
     * Wrap {@code innermost} in {@code stages}, the first stage outermost: {@code wrap(http, a, b)} calls
     * {@code a}, which calls {@code b}, which calls {@code http}.
     */
    static Fetch wrap(Fetch innermost, List<FetchStage> stages) {
        Fetch fetch = innermost;
        for (int i = stages.size() - 1; i >= 0; i--) {
            fetch = stages.get(i).apply(fetch);
        }
        return fetch;
    }
}
