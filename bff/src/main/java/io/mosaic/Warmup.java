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

    /**
     * Where Mosaic reaches itself: the address it listens on, or the loopback address when it listens on every
     * interface (or {@code server.host} is not set).
     */
    static URI self(String host, int port) {
        String address = switch (host.trim()) {
            case "", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0" -> "127.0.0.1";
            case String h when h.contains(":") && !h.startsWith("[") -> "[" + h + "]";
            case String h -> h;
        };
        return URI.create("http://" + address + ":" + port);
    }

    /** Warm up on a virtual thread, as requests run, and wait for it. */
    static void run(URI self, UnleashFlags flags, DeadlineTimer timer) {
        try {
            Thread.ofVirtual().name("mosaic-warmup").start(() -> warm(self, flags, timer)).join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void warm(URI uri, UnleashFlags flags, DeadlineTimer timer) {
        long start = System.nanoTime();
        try (HttpUpstream self = HttpUpstream.create(new UpstreamSettings("warmup", uri, Duration.ofSeconds(1),
                64 * 1024))) {
            byte[] sample = "{\"id\":\"1\",\"list\":[1,2.5,true,null],\"nested\":{\"a\":\"b\"}}".getBytes();
            Json.write(Json.parse(sample));
            Json.write(Json.members(sample));
            flags.unleash().isEnabled("mosaic.warmup", UnleashContext.builder().userId("warmup").build(), false);
            FetchResult result = new DeadlineStage(timer).apply(self)
                    .fetch(new FetchRequest("/observe/health/live", Map.of("x-request-id", "warmup"),
                            Deadline.after(Duration.ofSeconds(5))));
            LOG.log(result instanceof FetchResult.Ok ? Level.DEBUG : Level.INFO, "warm-up call to " + uri + ": "
                    + result.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "warm-up incomplete: " + e);
        }
        LOG.log(Level.INFO, "warmed up in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }
}
