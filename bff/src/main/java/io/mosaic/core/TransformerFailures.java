package io.mosaic.core;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Logs a team transformer's failures: the first with its stack trace, then at most one warning a minute per
 * enricher, which says how many failed in between. A transformer with a bug fails on every request, and a stack
 * trace per request would bury every other line of the log; {@code mosaic_enricher_outcomes_total} counts each one.
 */
final class TransformerFailures {

    private static final System.Logger LOG = System.getLogger(Enricher.class.getName());
    static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Window(AtomicLong warnedAt, AtomicLong since) {
    }

    private final LongSupplier nanoTime;
    private final Map<String, Window> byEnricher = new ConcurrentHashMap<>();

    TransformerFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void failed(String enricher, Throwable failure) {
        long now = nanoTime.getAsLong();
        Window window = byEnricher.computeIfAbsent(enricher,
                e -> new Window(new AtomicLong(now - EVERY_NANOS), new AtomicLong()));
        long warnedAt = window.warnedAt().get();
        if (now - warnedAt < EVERY_NANOS || !window.warnedAt().compareAndSet(warnedAt, now)) {
            window.since().incrementAndGet();
            return;
        }
        long since = window.since().getAndSet(0);
        LOG.log(Level.WARNING, "enricher '" + enricher + "': transformer failed"
                + (since == 0 ? "" : " (and " + since + " times since the last warning)")
                + "; warned at most once a minute", failure);
    }
}
