package io.mosaic.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchResult;
import io.mosaic.core.FetchStage;
import io.mosaic.core.Reason;
import java.time.Duration;

/**
 * Caps concurrent calls to one upstream with a resilience4j semaphore bulkhead that never waits: when it is
 * full the call ends at once as {@link Reason#BULKHEAD_FULL}, so one slow service cannot take every thread.
 */
public final class BulkheadStage implements FetchStage {

    private final Bulkhead bulkhead;

    public BulkheadStage(Bulkhead bulkhead) {
        this.bulkhead = bulkhead;
    }

    /** A named bulkhead of {@code maxConcurrent} permits with {@code maxWaitDuration} 0. */
    public static Bulkhead bulkhead(String name, int maxConcurrent) {
        return Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    @Override
    public Fetch apply(Fetch next) {
        return request -> {
            if (!bulkhead.tryAcquirePermission()) {
                return FetchResult.failed(Reason.BULKHEAD_FULL, "bulkhead '" + bulkhead.getName() + "' is full");
            }
            try {
                return next.fetch(request);
            } finally {
                bulkhead.onComplete();
            }
        };
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }
}
