package io.mosaic;

import io.getunleash.UnleashContext;
import io.mosaic.config.UpstreamSettings;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineStage;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Json;
import io.mosaic.routing.UnleashFlags;
import io.mosaic.upstream.HttpUpstream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the first-use paths once at startup, before Mosaic reports ready, so the first client request does not
 * pay for class loading and initialisation of the HTTP client, JSON codec and flag engine. It calls only
 * Mosaic's own liveness endpoint, never an upstream.
 */
final class Warmup {

    private static final System.Logger LOG = System.getLogger(Warmup.class.getName());

    private Warmup() {
    }

    /** Warm up on a virtual thread, as requests run, and wait for it. */
    static void run(int port, UnleashFlags flags, DeadlineTimer timer) {
        try {
            Thread.ofVirtual().name("mosaic-warmup").start(() -> warm(port, flags, timer)).join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void warm(int port, UnleashFlags flags, DeadlineTimer timer) {
        long start = System.nanoTime();
        try (HttpUpstream self = HttpUpstream.create(new UpstreamSettings("warmup",
                URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1), 64 * 1024))) {
            Json.write(Json.parse("{\"id\":\"1\",\"list\":[1,2.5,true,null],\"nested\":{\"a\":\"b\"}}".getBytes()));
            flags.unleash().isEnabled("mosaic.warmup", UnleashContext.builder().userId("warmup").build(), false);
            FetchResult result = new DeadlineStage(timer).apply(self)
                    .fetch(new FetchRequest("/observe/health/live", Map.of("x-request-id", "warmup"),
                            Deadline.after(Duration.ofSeconds(5))));
            LOG.log(Level.DEBUG, "warm-up call: " + result.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "warm-up incomplete: " + e);
        }
        LOG.log(Level.INFO, "warmed up in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }
}
