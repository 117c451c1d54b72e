package io.mosaic;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.mosaic.http.ProblemType;
import io.mosaic.http.Problems;
import java.time.Duration;
import io.mosaic.routing.UnleashFlags;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Readiness and in-flight tracking. Ready once config is valid (Mosaic does not start otherwise), the warm-up
 * has run, and flags are loaded from the server, the backup file or the bootstrap file; not ready while draining.
 */
public final class Lifecycle {

    private final UnleashFlags flags;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private static final Duration IDLE_POLL = Duration.ofMillis(20);

    private volatile boolean draining;
    private volatile boolean warm;
    private volatile boolean refusing;

    public Lifecycle(UnleashFlags flags) {
        this.flags = flags;
    }

    public HealthCheck readiness() {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "mosaic";
            }

            @Override
            public HealthCheckResponse call() {
                return HealthCheckResponse.builder()
                        .status(warm && !draining && flags.loaded())
                        .detail("flags", flags.source().name().toLowerCase())
                        .detail("warm", warm)
                        .detail("draining", draining)
                        .build();
            }
        };
    }

    /**
     * Counts requests in flight, so a drain can wait for them; once the drain delay has passed, new requests are
     * refused with 503 and {@code Connection: close}, and the health endpoints keep answering.
     */
    public Filter inFlightFilter() {
        return (chain, req, res) -> {
            if (refusing && !req.path().path().startsWith("/observe")) {
                refused.incrementAndGet();
                res.header(HeaderNames.CONNECTION, "close");
                res.header(HeaderNames.RETRY_AFTER, "1");
                Problems.send(res, ProblemType.SHUTTING_DOWN, "this instance is shutting down; retry");
                return;
            }
            inFlight.incrementAndGet();
            try {
                chain.proceed();
            } finally {
                inFlight.decrementAndGet();
            }
        };
    }

    /** The first-use paths have run: requests will not pay for them. */
    public void warmedUp() {
        warm = true;
    }

    public void startDraining() {
        draining = true;
    }

    /** Refuse new requests from now on. */
    public void refuseNewRequests() {
        refusing = true;
    }

    /**
     * Wait until no request is in flight, or the grace period is over.
     *
     * @return whether every in-flight request finished
     */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(IDLE_POLL);
        }
        return true;
    }

    public boolean draining() {
        return draining;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Requests refused since new requests are refused: neither the access log nor the metrics count them. */
    public int refused() {
        return refused.get();
    }
}
