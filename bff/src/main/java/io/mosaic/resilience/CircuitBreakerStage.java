package io.mosaic.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchResult;
import io.mosaic.core.FetchStage;
import io.mosaic.core.Reason;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker around one enricher's calls. While open, no call is made and the call
 * ends at once as {@link Reason#CIRCUIT_OPEN}; half-open probes let it close again. Timeouts, errors and bad
 * answers count as failures; 404 counts as success; a full bulkhead, a cancelled call, or a call that never began
 * (its deadline had passed before it could start, {@link FetchResult.Failed#called()}) does not count at all.
 * A call that throws, an {@link Error} included, counts as a failure, so every permit taken is given back.
 */
public final class CircuitBreakerStage implements FetchStage {

    private final CircuitBreaker breaker;

    public CircuitBreakerStage(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public Fetch apply(Fetch next) {
        return request -> {
            if (!breaker.tryAcquirePermission()) {
                return FetchResult.failed(Reason.CIRCUIT_OPEN, "circuit '" + breaker.getName() + "' is open");
            }
            long start = System.nanoTime();
            FetchResult result;
            try {
                result = next.fetch(request);
            } catch (RuntimeException | Error e) {
                // an Error too (an OutOfMemoryError reading an answer): a permit not given back while half-open
                // is a probe lost for good, and with all of them lost the circuit never closes again
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                throw e;
            }
            long took = System.nanoTime() - start;
            if (result instanceof FetchResult.Failed failed) {
                if (!failed.called() || failed.reason() == Reason.BULKHEAD_FULL
                        || failed.reason() == Reason.CANCELLED) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(took, TimeUnit.NANOSECONDS, new UpstreamFailure(failed.reason()));
                }
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            return result;
        };
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Records a failed outcome with the breaker; no stack trace is captured. */
    static final class UpstreamFailure extends RuntimeException {
        UpstreamFailure(Reason reason) {
            super(reason.token(), null, false, false);
        }
    }
}
