package io.mosaic.observe;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.mosaic.cache.EnrichmentCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Mosaic's meters, served in Prometheus format at {@code /observe/metrics}. Labels are low-cardinality by
 * design: entity type, path, status class, enricher, outcome, never an entity or user id.
 */
public final class MosaicMetrics {

    /** Histogram buckets for latencies, from 1 ms to 10 s. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final ConcurrentMap<MeterKey, Meter> meters = new ConcurrentHashMap<>();

    public MosaicMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One client request: {@code mosaic_requests_seconds{type,path,status}}. */
    public void request(String type, String path, int status, long nanos) {
        timer("mosaic.requests", "Client requests to /api/{type}/{id}",
                "type", type, "path", path, "status", statusClass(status)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One monolith call: {@code mosaic_monolith_seconds{type,outcome}}. */
    public void monolith(String type, String outcome, long nanos) {
        timer("mosaic.monolith", "Calls to the monolith", "type", type, "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One enricher call: {@code mosaic_enricher_seconds{enricher}} and an outcome count. */
    public void enricher(String enricher, String outcome, long nanos) {
        timer("mosaic.enricher", "Calls to enrichment services", "enricher", enricher)
                .record(nanos, TimeUnit.NANOSECONDS);
        outcome(enricher, outcome);
    }

    /**
     * {@code mosaic_enricher_outcomes_total{enricher,outcome}}: ok, cache-hit, timeout, error, bad-response,
     * redirect, not-found, bulkhead-full, circuit-open, disabled, missing-param, conflict, fallback.
     */
    public void outcome(String enricher, String outcome) {
        counter("mosaic.enricher.outcomes", "Enrichment outcomes", "enricher", enricher, "outcome", outcome)
                .increment();
    }

    /** {@code mosaic_routing_decisions_total{type,path}}: how many requests each path got. */
    public void decision(String type, String path) {
        counter("mosaic.routing.decisions", "Routing decisions from the flags", "type", type, "path", path)
                .increment();
    }

    /**
     * {@code mosaic_refused_total{problem}}: requests answered with a problem before they were routed to an entity
     * type's path (an unknown type or path, a method other than GET, an id over several segments, a request Helidon
     * refuses before routing), which {@code mosaic_requests_seconds} does not see. The label is the problem type's
     * short name, so its values are bounded.
     */
    public void refused(String problem) {
        counter("mosaic.refused", "Requests refused before they reached an entity type's path", "problem", problem)
                .increment();
    }

    /** {@code mosaic_shadow_total{type,result}}: shadow comparisons: match, mismatch, skipped, error. */
    public void shadow(String type, String result) {
        counter("mosaic.shadow", "Shadow comparisons", "type", type, "result", result).increment();
    }

    /** {@code mosaic_shadow_mismatches_total{type,json_path}}: mismatches by normalised JSON path. */
    public void shadowMismatch(String type, String normalisedPath) {
        counter("mosaic.shadow.mismatches", "Shadow mismatches by normalised JSON path",
                "type", type, "json_path", normalisedPath.isEmpty() ? "/" : normalisedPath).increment();
    }

    /**
     * Gauges {@code mosaic_bulkhead_available}, {@code mosaic_circuit_state} (0 closed, 1 half-open, 2 open) and
     * {@code mosaic_cache_bytes} (an enrichment cache's estimated size, the bytes its {@code max-memory} bounds);
     * the counter {@code mosaic_cache_revalidations_total} (background calls for {@code stale-while-revalidate}).
     */
    public void watch(Map<String, Bulkhead> bulkheads, Map<String, CircuitBreaker> breakers,
                      Map<String, EnrichmentCache> caches) {
        bulkheads.forEach((name, bulkhead) -> registry.getOrCreate(Gauge.builder("mosaic.bulkhead.available", bulkhead,
                        b -> b.getMetrics().getAvailableConcurrentCalls())
                .description("Free permits of a bulkhead").tags(List.of(Tag.create("bulkhead", name)))));
        breakers.forEach((name, breaker) -> registry.getOrCreate(Gauge.builder("mosaic.circuit.state", breaker,
                        MosaicMetrics::state)
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open, 3 other")
                .tags(List.of(Tag.create("breaker", name)))));
        caches.forEach((name, cache) -> registry.getOrCreate(Gauge.builder("mosaic.cache.bytes", cache,
                        c -> (double) c.bytes())
                .description("Estimated bytes an enrichment cache holds, the last good answers included")
                .tags(List.of(Tag.create("cache", name)))));
        caches.entrySet().stream().filter(entry -> entry.getValue().revalidates()).forEach(entry -> {
            for (EnrichmentCache.Revalidation outcome : EnrichmentCache.Revalidation.values()) {
                registry.getOrCreate(FunctionalCounter.builder("mosaic.cache.revalidations", entry.getValue(),
                                c -> c.revalidations(outcome))
                        .description("Background calls for stale-while-revalidate, by how they ended")
                        .tags(List.of(Tag.create("cache", entry.getKey()), Tag.create("outcome", outcome.token()))));
            }
        });
    }

    private static double state(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
            default -> 3;
        };
    }

    /**
     * Meters are looked up by name and label values, and built with their tags only the first time: no tag,
     * builder or registry lookup per call. The plain {@code get} first spares a hit the capturing lambda.
     *
     * @param labels label names and values, alternating: {@code "type", type, "path", path}
     */
    private Timer timer(String name, String description, String... labels) {
        MeterKey key = MeterKey.of(name, labels);
        Meter meter = meters.get(key);
        return (Timer) (meter != null ? meter : meters.computeIfAbsent(key, k ->
                // Buckets only: quantile series under a histogram's name confuse strict Prometheus parsers.
                registry.getOrCreate(Timer.builder(name).description(description).tags(tags(labels))
                        .buckets(BUCKETS).percentiles(new double[0]))));
    }

    private Counter counter(String name, String description, String... labels) {
        MeterKey key = MeterKey.of(name, labels);
        Meter meter = meters.get(key);
        return (Counter) (meter != null ? meter : meters.computeIfAbsent(key, k ->
                registry.getOrCreate(Counter.builder(name).description(description).tags(tags(labels)))));
    }

    private static List<Tag> tags(String... labels) {
        List<Tag> tags = new ArrayList<>(labels.length / 2);
        for (int i = 0; i < labels.length; i += 2) {
            tags.add(Tag.create(labels[i], labels[i + 1]));
        }
        return tags;
    }

    private static String statusClass(int status) {
        int hundreds = status / 100;
        return hundreds >= 1 && hundreds <= 5 ? STATUS_CLASSES[hundreds - 1] : hundreds + "xx";
    }

    /** A meter's name and label values; every meter has at most three labels, and their names follow from its name. */
    private record MeterKey(String name, String first, String second, String third) {
        static MeterKey of(String name, String... labels) {
            if (labels.length > 6) {
                throw new IllegalArgumentException("more than three labels on " + name);
            }
            return new MeterKey(name, labels.length > 1 ? labels[1] : null, labels.length > 3 ? labels[3] : null,
                    labels.length > 5 ? labels[5] : null);
        }
    }
}
