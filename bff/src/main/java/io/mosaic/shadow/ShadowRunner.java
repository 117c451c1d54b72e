package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.mosaic.config.ShadowSettings;
import io.mosaic.core.CallLog;
import io.mosaic.core.Composer;
import io.mosaic.core.Composition;
import io.mosaic.core.Deadline;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.Json;
import io.mosaic.observe.MosaicMetrics;
import io.mosaic.routing.RoutePath;
import io.mosaic.routing.RoutingDecision;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs shadow comparisons: after the primary answer is sent, the other path is computed in the background and
 * the two JSON documents are compared structurally. Work runs on a resilience4j thread-pool bulkhead with a
 * bounded queue, and the primary bodies it holds are bounded in bytes ({@code max-memory}); when either is full
 * the comparison is skipped and counted, so shadowing can never delay or change a primary answer, nor crowd the
 * heap with large answers. Shadow calls carry {@code Mosaic-Shadow: true} so upstreams can tell them apart.
 */
public final class ShadowRunner implements ShadowTrigger, AutoCloseable {

    public static final String SHADOW_HEADER = "mosaic-shadow";
    private static final System.Logger DIFF_LOG = System.getLogger("io.mosaic.shadow.diff");

    private final ShadowSettings settings;
    private final Map<String, JsonComparison> comparisons;
    private final Composer composer;
    private final MosaicMetrics metrics;
    private final MismatchReport report;
    private final ThreadPoolBulkhead pool;
    private final Semaphore room;
    private final NoiseBaseline noise;

    /** @param comparisons the comparison rules by entity type */
    public ShadowRunner(ShadowSettings settings, Map<String, JsonComparison> comparisons, Composer composer,
                        MosaicMetrics metrics, MismatchReport report) {
        this.settings = settings;
        this.comparisons = Map.copyOf(comparisons);
        this.composer = composer;
        this.metrics = metrics;
        this.report = report;
        this.pool = ThreadPoolBulkhead.of("shadow", ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(settings.maxConcurrent())
                .maxThreadPoolSize(settings.maxConcurrent())
                .queueCapacity(settings.queueSize())
                .build());
        this.room = new Semaphore(settings.maxMemory());
        this.noise = new NoiseBaseline(settings.maxTrackedPaths());
    }

    @Override
    public Semaphore room() {
        return room;
    }

    @Override
    public void primaryServed(EntityPlan plan, EntityRequest request, RoutingDecision decision, Optional<byte[]> primary) {
        if (primary.isEmpty()) {
            metrics.shadow(plan.type(), "skipped");
            return;
        }
        byte[] body = primary.get();
        if (!room.tryAcquire(body.length)) {
            metrics.shadow(plan.type(), "skipped");
            return;
        }
        try {
            pool.executeRunnable(() -> {
                try {
                    compare(plan, request, decision, body);
                } finally {
                    room.release(body.length);
                }
            });
        } catch (BulkheadFullException e) {
            room.release(body.length);
            metrics.shadow(plan.type(), "skipped");
        }
    }

    private void compare(EntityPlan plan, EntityRequest primaryRequest, RoutingDecision decision, byte[] primaryBody) {
        String type = plan.type();
        try {
            Map<String, String> headers = new HashMap<>(primaryRequest.headers());
            headers.put(SHADOW_HEADER, "true");
            EntityRequest request = new EntityRequest(type, primaryRequest.id(), headers, primaryRequest.userId(),
                    Deadline.after(settings.deadline()), CallLog.NONE);
            Optional<JsonNode> other = decision.path() == RoutePath.COMPOSED
                    ? plan.legacy(request)
                    : composed(plan, request, decision);
            if (other.isEmpty()) {
                metrics.shadow(type, "error");
                return;
            }
            JsonComparison comparison = comparisons.getOrDefault(type, JsonComparison.using(ComparisonRules.NONE));
            Noise known = noise.of(type);
            if (ThreadLocalRandom.current().nextDouble() < settings.noiseSampleRate()) {
                Optional<JsonNode> first = plan.legacy(request);
                Optional<JsonNode> second = plan.legacy(request);
                if (first.isPresent() && second.isPresent()) {
                    known = noise.learn(type, comparison.noise(first.get(), second.get()));
                }
            }
            ComparisonResult result = comparison.compare(Json.parse(primaryBody), other.get(), known);
            String requestId = request.headers().getOrDefault("x-request-id", "-");
            record(type, result, requestId, decision.path());
        } catch (RuntimeException e) {
            metrics.shadow(type, "error");
            DIFF_LOG.log(Level.WARNING, "shadow comparison failed for " + type + ": " + e);
        }
    }

    private void record(String type, ComparisonResult result, String requestId, RoutePath primaryPath) {
        report.result(type, result.matches());
        metrics.shadow(type, result.matches() ? "match" : "mismatch");
        for (String path : result.normalisedPaths()) {
            metrics.shadowMismatch(type, report.mismatch(type, path, requestId));
        }
        if (!result.matches() && ThreadLocalRandom.current().nextDouble() < settings.logSampleRate()) {
            StringBuilder line = new StringBuilder("shadow mismatch type=" + type + " requestId=" + requestId
                    + " primary=" + primaryPath.token() + (result.truncated() ? " (truncated)" : ""));
            result.mismatches().forEach(m -> line.append("\n  ")
                    .append(settings.logValues() ? m.describeWithValues() : m.describe()));
            DIFF_LOG.log(Level.INFO, line.toString());
        }
    }

    private Optional<JsonNode> composed(EntityPlan plan, EntityRequest request, RoutingDecision decision) {
        Composition result = composer.compose(plan, request, decision.disabledEnrichers());
        return result instanceof Composition.Composed composed ? Optional.of(composed.document()) : Optional.empty();
    }

    public MismatchReport report() {
        return report;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            DIFF_LOG.log(Level.DEBUG, "closing the shadow pool: " + e);
        }
    }
}
