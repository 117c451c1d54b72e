package io.mosaic.core;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Composes one entity: fetches the base from the monolith with {@code skipExternal=true}, runs the enrichers
 * in parallel and merges one JSON object. Enrichers that need only the id start together with the base
 * fetch (their cache hits are served at once, on the request's thread); the others start as soon as the base
 * arrives. Framework-free: the HTTP adapter lives elsewhere.
 */
public final class Composer {

    /** Extra time granted past a call's deadline before its future is abandoned; the deadline stage normally ends it first. */
    private static final Duration GRACE = Duration.ofMillis(200);

    private final ExecutorService executor;
    private final DeadlineTimer timer;

    /**
     * @param executor runs enricher calls; a virtual-thread-per-task executor
     * @param timer    ends the wait for an enrichment that outlives its deadline
     */
    public Composer(ExecutorService executor, DeadlineTimer timer) {
        this.executor = executor;
        this.timer = timer;
    }

    /** Compose with every enricher switched on. */
    public Composition compose(EntityPlan plan, EntityRequest request) {
        return compose(plan, request, Set.of());
    }

    /**
     * @param disabled enrichers switched off for this request: not called, degraded with {@code reason=disabled}
     *                 (the kill switch wins over {@code required})
     */
    public Composition compose(EntityPlan plan, EntityRequest request, Set<String> disabled) {
        Map<Enricher, Future<EnrichmentOutcome>> running = new LinkedHashMap<>();
        try {
            startWithoutBase(plan, request, disabled, running);
            FetchResult answer = plan.base().fetch(new FetchRequest(plan.monolithPath(request.id(), true),
                    request.headers(), request.deadline().within(plan.baseTimeout()), request.log()));
            ObjectNode base;
            switch (answer) {
                case FetchResult.NotFound notFound -> {
                    return new Composition.NotFound();
                }
                case FetchResult.Failed failed -> {
                    return new Composition.BaseFailed(failed.reason(), failed.detail());
                }
                case FetchResult.Ok ok -> {
                    try {
                        // Enrichers that take fields from the base get a tree of it; otherwise its members are
                        // merged as they came, and only what the merge must look inside is read into a tree.
                        JsonNode parsed = plan.enrichersReadBase() ? Json.parse(ok.body())
                                : Json.members(ok.body());
                        if (!parsed.isObject()) {
                            return new Composition.BaseFailed(Reason.BAD_RESPONSE, "base entity is not a JSON object");
                        }
                        base = (ObjectNode) parsed;
                    } catch (IllegalArgumentException e) {
                        return new Composition.BaseFailed(Reason.BAD_RESPONSE, e.getMessage());
                    }
                }
            }
            startWithBase(request, base, plan, running);
            return merge(plan, request, base, running);
        } finally {
            // Cancels whatever is still running: on 404, on a base failure, or when this thread is interrupted.
            running.values().forEach(f -> f.cancel(true));
        }
    }

    /**
     * Starts what needs no base: switched-off enrichers and cache hits are done at once, calls that need only the id
     * start now, while the monolith has room. With its bulkhead full, the base call is most likely refused: those
     * calls then wait for the base rather than start with it and be cancelled at once.
     */
    private void startWithoutBase(EntityPlan plan, EntityRequest request, Set<String> disabled,
                                  Map<Enricher, Future<EnrichmentOutcome>> running) {
        boolean early = plan.baseHasRoom().getAsBoolean();
        for (Enricher enricher : plan.enrichers()) {
            if (disabled.contains(enricher.name())) {
                running.put(enricher, CompletableFuture.completedFuture(new EnrichmentOutcome.Missing(
                        Degradation.of(enricher.name(), Reason.DISABLED), "switched off by its flag")));
            } else if (!enricher.needsBase()) {
                // A cache hit is served here; only calls that wait get a thread of their own.
                Optional<EnrichmentOutcome> ready = enricher.ready(request);
                if (ready.isPresent()) {
                    running.put(enricher, CompletableFuture.completedFuture(ready.get()));
                } else if (early) {
                    running.put(enricher, executor.submit(() -> enricher.run(request, NullNode.getInstance())));
                }
            }
        }
    }

    /** Starts every enricher not started yet, now that the base is here. */
    private void startWithBase(EntityRequest request, ObjectNode base, EntityPlan plan,
                               Map<Enricher, Future<EnrichmentOutcome>> running) {
        for (Enricher enricher : plan.enrichers()) {
            if (running.containsKey(enricher)) {
                continue;
            }
            if (!enricher.needsBase()) {
                // needs only the id, and waited for the base because the monolith had no room
                running.put(enricher, executor.submit(() -> enricher.run(request, NullNode.getInstance())));
            } else {
                // Its own copy, made before the merge writes into base: it reads it while the merge runs, and
                // its transformer may change it without touching the answer or another enricher's view.
                JsonNode own = base.deepCopy();
                running.put(enricher, executor.submit(() -> enricher.run(request, own)));
            }
        }
    }

    private Composition merge(EntityPlan plan, EntityRequest request, ObjectNode base,
                              Map<Enricher, Future<EnrichmentOutcome>> running) {
        List<Degradation> degraded = new ArrayList<>();
        LegacyEntity legacy = new LegacyEntity(plan, request);
        for (Enricher enricher : plan.enrichers()) {
            EnrichmentOutcome outcome = await(enricher, running.get(enricher), request.deadline());
            if (outcome instanceof EnrichmentOutcome.Missing missing && enricher.fallback() instanceof Fallback.Monolith
                    && missing.degradation().reason() != Reason.DISABLED) {
                outcome = legacy.field(enricher.field())
                        .<EnrichmentOutcome>map(v -> new EnrichmentOutcome.Value(v, enricher.served(missing.degradation().reason())))
                        .orElse(missing);
            }
            switch (outcome) {
                case EnrichmentOutcome.Missing missing -> {
                    if (enricher.required() && missing.degradation().reason() != Reason.DISABLED) {
                        return new Composition.RequiredFailed(missing.degradation(), missing.detail());
                    }
                    degraded.add(missing.degradation());
                }
                case EnrichmentOutcome.Value value -> {
                    if (value.fallback() != null) {
                        degraded.add(value.fallback());
                    }
                    if (value.value() == null || value.value().isNull()) {
                        continue;
                    }
                    if (!put(base, enricher.field(), value.value(), enricher.replaces())) {
                        degraded.add(Degradation.of(enricher.name(), Reason.CONFLICT));
                    }
                }
            }
        }
        return new Composition.Composed(base, List.copyOf(degraded));
    }

    /**
     * The enrichment, or a timeout once its deadline and the grace period have passed. The wait itself is not
     * timed: a timed wait on a virtual thread goes through the JDK's shared delay scheduler, whose own thread
     * files and cancels a timer for every wait; the deadline timer's alarm interrupts the wait instead.
     */
    private EnrichmentOutcome await(Enricher enricher, Future<EnrichmentOutcome> future, Deadline deadline) {
        if (future.isDone()) {
            return outcome(enricher, future);
        }
        Deadline giveUp = Deadline.after(deadline.within(enricher.timeout()).remaining().plus(GRACE));
        return timer.call(giveUp, () -> outcome(enricher, future)).orElseGet(() -> {
            future.cancel(true);
            return abandoned(enricher);
        });
    }

    /** Waits for the outcome; an interrupt that is not the deadline's ends the request. */
    private static EnrichmentOutcome outcome(Enricher enricher, Future<EnrichmentOutcome> future) {
        try {
            return future.get();
        } catch (CancellationException e) {
            return abandoned(enricher);
        } catch (ExecutionException e) {
            return new EnrichmentOutcome.Missing(Degradation.of(enricher.name(), Reason.ERROR), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("request interrupted");
        }
    }

    private static EnrichmentOutcome abandoned(Enricher enricher) {
        return new EnrichmentOutcome.Missing(Degradation.of(enricher.name(), Reason.TIMEOUT), "abandoned at deadline");
    }

    /**
     * Set {@code value} at {@code pointer}, creating missing intermediate objects. A spliced object on the way (a base
     * member, or another enricher's field that this one lies below) is read into a tree first, so that the value
     * goes into it as into any object. A node on the way that the base has but that is not an object (a string, a
     * number, an array, a JSON null) is the base's, not the enricher's to replace, even with {@code replaces: true};
     * nor is a field already at {@code pointer} without it: nothing is changed and the result is false.
     */
    static boolean put(ObjectNode root, JsonPointer pointer, JsonNode value, boolean replaces) {
        ObjectNode parent = root;
        JsonPointer rest = pointer;
        while (!rest.tail().matches()) {
            String name = rest.getMatchingProperty();
            JsonNode child = parent.get(name);
            if (child == null) {
                parent = parent.putObject(name);
            } else if (Json.tree(child) instanceof ObjectNode object) {
                if (object != child) {
                    parent.set(name, object);
                }
                parent = object;
            } else {
                return false;
            }
            rest = rest.tail();
        }
        String name = rest.getMatchingProperty();
        if (!replaces && parent.has(name)) {
            return false;
        }
        parent.set(name, value);
        return true;
    }
}
