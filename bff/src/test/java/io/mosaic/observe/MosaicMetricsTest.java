package io.mosaic.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each distinct set of label values is one meter with the right tags, however many times it is recorded. Mosaic
 * records into the global registry, which the other tests in this JVM share, so the label values here are this
 * test's own.
 */
class MosaicMetricsTest {

    private final MeterRegistry registry = Services.get(MeterRegistry.class);
    private final MosaicMetrics metrics = new MosaicMetrics(registry);

    private Timer timer(String name, Tag... tags) {
        return registry.timer(name, List.of(tags)).orElseThrow(() -> new AssertionError("no " + name + List.of(tags)));
    }

    private Timer requests(String path, String statusClass) {
        return timer("mosaic.requests", Tag.create("type", "metrics-test"), Tag.create("path", path),
                Tag.create("status", statusClass));
    }

    @Test
    void requestsAreCountedPerStatusClass() {
        metrics.request("metrics-test", "composed", 200, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.request("metrics-test", "composed", 204, TimeUnit.MILLISECONDS.toNanos(5));
        metrics.request("metrics-test", "composed", 503, TimeUnit.MILLISECONDS.toNanos(7));
        metrics.request("metrics-test", "direct", 200, TimeUnit.MILLISECONDS.toNanos(1));

        assertEquals(2, requests("composed", "2xx").count());
        assertEquals(1, requests("composed", "5xx").count());
        assertEquals(1, requests("direct", "2xx").count());
        assertEquals(3, registry.meters(m -> m.id().name().equals("mosaic.requests")
                && "metrics-test".equals(m.id().tagsMap().get("type"))).size());
    }

    @Test
    void enricherCallsAndOutcomesKeepTheirLabelsApart() {
        metrics.enricher("metrics-test-texts", "ok", 1_000_000);
        metrics.enricher("metrics-test-texts", "timeout", 2_000_000);
        metrics.enricher("metrics-test-designs", "ok", 3_000_000);
        metrics.monolith("metrics-test", "ok", 4_000_000);

        assertEquals(2, timer("mosaic.enricher", Tag.create("enricher", "metrics-test-texts")).count());
        assertEquals(1, timer("mosaic.enricher", Tag.create("enricher", "metrics-test-designs")).count());
        assertEquals(1, timer("mosaic.monolith", Tag.create("type", "metrics-test"), Tag.create("outcome", "ok"))
                .count());
        Counter timeouts = registry.counter("mosaic.enricher.outcomes",
                List.of(Tag.create("enricher", "metrics-test-texts"), Tag.create("outcome", "timeout"))).orElseThrow();
        assertEquals(1, timeouts.count());
        Counter designOk = registry.counter("mosaic.enricher.outcomes",
                List.of(Tag.create("enricher", "metrics-test-designs"), Tag.create("outcome", "ok"))).orElseThrow();
        assertEquals(1, designOk.count());
    }
}
