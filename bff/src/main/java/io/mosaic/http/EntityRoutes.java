package io.mosaic.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.config.MosaicSettings;
import io.mosaic.core.CallLog;
import io.mosaic.core.Composer;
import io.mosaic.core.Composition;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Degradation;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.Json;
import io.mosaic.core.Reason;
import io.mosaic.observe.AccessLog;
import io.mosaic.observe.Correlation;
import io.mosaic.observe.MosaicMetrics;
import io.mosaic.observe.ServerTiming;
import io.mosaic.routing.RoutePath;
import io.mosaic.routing.Router;
import io.mosaic.routing.RoutingDecision;
import io.mosaic.shadow.ShadowTrigger;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The thin HTTP adapter for {@code GET /api/{type}/{id}}: validates, evaluates the flags once, then runs the
 * composed path (the core's {@link Composer}) or the direct path (the monolith's own answer, streamed), and
 * turns the outcome into a response. Every response says which path served it in {@code Mosaic-Path} and
 * carries the request id; each request is measured and written to the access log once.
 */
public final class EntityRoutes implements HttpService {

    public static final String PATH_HEADER = "Mosaic-Path";
    public static final String DEGRADED_HEADER = "Mosaic-Degraded";

    private static final System.Logger LOG = System.getLogger(EntityRoutes.class.getName());
    /** Degradations that no upstream call recorded. */
    private static final java.util.Set<Reason> NOT_CALLED = java.util.EnumSet.of(Reason.DISABLED,
            Reason.MISSING_PARAM, Reason.CONFLICT);

    private final MosaicSettings settings;
    private final Map<String, EntityRoute> routes;
    private final Composer composer;
    private final Router router;
    private final DeadlineTimer timer;
    private final MosaicMetrics metrics;
    private final AccessLog accessLog;
    private final ShadowTrigger shadow;

    public EntityRoutes(MosaicSettings settings, Map<String, EntityRoute> routes, Composer composer, Router router,
                        DeadlineTimer timer, MosaicMetrics metrics, AccessLog accessLog, ShadowTrigger shadow) {
        this.settings = settings;
        this.routes = Map.copyOf(routes);
        this.composer = composer;
        this.router = router;
        this.timer = timer;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.shadow = shadow;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{type}/{id}", this::get)
                // An id that decodes to more than one path segment, e.g. ..%2F..%2Fadmin
                .get("/{type}/{id}/{+rest}", (req, res) -> {
                    correlate(req, res);
                    badId(res);
                })
                .any("/{type}/{id}", (req, res) -> {
                    correlate(req, res);
                    res.header(HeaderNames.ALLOW, "GET, HEAD");
                    Problems.send(res, ProblemType.METHOD_NOT_ALLOWED, "only GET is supported");
                });
    }

    private static Correlation correlate(ServerRequest req, ServerResponse res) {
        Correlation correlation = Correlation.from(name -> req.headers().first(HeaderNames.create(name)).orElse(null));
        res.header(Correlation.REQUEST_ID, correlation.requestId());
        return correlation;
    }

    private void badId(ServerResponse res) {
        Problems.send(res, ProblemType.BAD_ID, "the id must match " + settings.ids().pattern());
    }

    private void get(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(settings.deadline());
        Correlation correlation = correlate(req, res);
        String type = req.path().pathParameters().get("type");
        String id = req.path().pathParameters().get("id");
        EntityRoute route = routes.get(type);
        if (route == null) {
            Problems.send(res, ProblemType.UNKNOWN_ENTITY_TYPE, "no entity type '" + printable(type) + "'");
            return;
        }
        Function<String, String> header = name -> req.headers().first(HeaderNames.create(name)).orElse(null);
        Optional<String> user = Optional.ofNullable(header.apply(settings.userHeader()));
        if (!settings.ids().accepts(id)) {
            badId(res);
            finish(correlation, type, "none", 400, start, CallLog.NONE, List.of(), user);
            return;
        }
        EntityRequest request = new EntityRequest(type, id, correlation.addTo(settings.headers().select(header)),
                user, deadline, CallLog.create());
        RoutingDecision decision = router.decide(route.flag(), header, Optional.of(req.remotePeer().host()),
                route.killSwitches());
        metrics.decision(type, decision.path().token());
        try {
            if (decision.path() == RoutePath.DIRECT) {
                int status = direct(route, request, decision, res);
                finish(correlation, type, RoutePath.DIRECT.token(), status, start, request.log(), List.of(), user);
                if (decision.shadow() && status != 200) {
                    shadow.primaryServed(route.plan(), request, decision, Optional.empty());
                }
            } else {
                Composition result = composer.compose(route.plan(), request, decision.disabledEnrichers());
                res.header(PATH_HEADER, RoutePath.COMPOSED.token());
                res.header("Server-Timing", ServerTiming.header(request.log(), System.nanoTime() - start));
                int status = reply(result, request, res);
                finish(correlation, type, RoutePath.COMPOSED.token(), status, start, request.log(), degraded(result),
                        user);
                if (decision.shadow()) {
                    shadow.primaryServed(route.plan(), request, decision, result instanceof Composition.Composed c
                            ? Optional.of(Json.write(c.body())) : Optional.empty());
                }
            }
        } catch (RuntimeException e) {
            // Logged once, with the request id, by ErrorHandling.
            finish(correlation, type, decision.path().token(), 500, start, request.log(), List.of(), user);
            throw e;
        }
    }

    private void finish(Correlation correlation, String type, String path, int status, long start, CallLog calls,
                        List<Degradation> degraded, Optional<String> user) {
        long nanos = System.nanoTime() - start;
        metrics.request(type, path, status, nanos);
        // Call outcomes are counted by each call's metrics stage; here only what no call recorded.
        for (Degradation d : degraded) {
            if (d.fallback().isPresent()) {
                metrics.outcome(d.enricher(), "fallback");
            } else if (NOT_CALLED.contains(d.reason())) {
                metrics.outcome(d.enricher(), d.reason().token());
            }
        }
        accessLog.write(correlation, type, path, status, nanos, calls.slowestNanos(), degraded, user);
    }

    private static List<Degradation> degraded(Composition result) {
        return switch (result) {
            case Composition.Composed composed -> composed.degraded();
            case Composition.RequiredFailed failed -> List.of(failed.degradation());
            default -> List.of();
        };
    }

    /** Write a composed result; returns the status sent. */
    private static int reply(Composition result, EntityRequest request, ServerResponse res) {
        return switch (result) {
            case Composition.Composed composed -> {
                if (!composed.degraded().isEmpty()) {
                    res.header(DEGRADED_HEADER, Degradation.header(composed.degraded()));
                }
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.header(HeaderNames.CACHE_CONTROL, "no-store");
                res.status(Status.OK_200);
                res.send(Json.write(composed.body()));
                yield 200;
            }
            case Composition.NotFound notFound -> Problems.send(res, ProblemType.NOT_FOUND,
                    request.type() + " '" + request.id() + "' does not exist");
            case Composition.BaseFailed failed -> monolithFailed(res, failed.reason());
            case Composition.RequiredFailed failed -> Problems.send(res,
                    failed.degradation().reason() == Reason.TIMEOUT ? ProblemType.ENRICHER_TIMEOUT
                            : ProblemType.ENRICHER_FAILED,
                    "required enrichment '" + failed.degradation().enricher() + "' failed: "
                            + failed.degradation().reason().token(),
                    Map.of("enricher", failed.degradation().enricher(), "reason", failed.degradation().reason().token()));
        };
    }

    /**
     * The legacy path: the monolith enriches the entity itself; its answer goes to the client unchanged. With
     * shadowing on, a 200 answer is copied on its way for the comparison, within the shadow's room.
     */
    private int direct(EntityRoute route, EntityRequest request, RoutingDecision decision, ServerResponse res) {
        try (ShadowCopy copy = decision.shadow() ? new ShadowCopy(shadow.room()) : null) {
            int status = forward(route, request, copy, res);
            if (copy != null && status == 200) {
                Optional<byte[]> body = copy.bytes();
                copy.close();
                shadow.primaryServed(route.plan(), request, decision, body);
            }
            return status;
        }
    }

    private int forward(EntityRoute route, EntityRequest request, ShadowCopy copy, ServerResponse res) {
        String path = route.plan().monolithPath(request.id(), false);
        AtomicBoolean began = new AtomicBoolean();
        int[] status = {0};
        long start = System.nanoTime();
        Optional<Optional<Reason>> outcome;
        try {
            outcome = timer.call(request.deadline(), () -> route.direct().forward(path, request.headers(),
                    request.deadline(), (code, headers) -> {
                        began.set(true);
                        status[0] = code;
                        res.status(Status.create(code));
                        headers.forEach((name, values) -> res.header(name, values.toArray(String[]::new)));
                        res.header(PATH_HEADER, RoutePath.DIRECT.token());
                        return copy == null || code != 200 ? res.outputStream() : copy.tee(res.outputStream());
                    }));
        } catch (UncheckedIOException e) {
            LOG.log(Level.DEBUG, "direct answer broke off while streaming: " + e.getMessage());
            called(request, Reason.ERROR.token(), System.nanoTime() - start);
            return status[0];
        }
        called(request, began.get() ? statusOutcome(status[0])
                : outcome.flatMap(r -> r).map(Reason::token).orElse("timeout"), System.nanoTime() - start);
        if (began.get()) {
            return status[0];
        }
        res.header(PATH_HEADER, RoutePath.DIRECT.token());
        return monolithFailed(res, outcome.orElse(Optional.of(Reason.TIMEOUT)).orElse(Reason.ERROR));
    }

    /** Counts the direct path's monolith call and logs it for the access log's {@code slowestCallMs}. */
    private void called(EntityRequest request, String outcome, long nanos) {
        metrics.monolith(request.type(), outcome, nanos);
        request.log().add("monolith", nanos, outcome);
    }

    /** The monolith's own status on the direct path, as a call outcome. */
    private static String statusOutcome(int status) {
        if (status == 404) {
            return "not-found";
        }
        if (status >= 300 && status < 400) {
            return "redirect";
        }
        return status < 300 ? "ok" : "error";
    }

    private static int monolithFailed(ServerResponse res, Reason reason) {
        return switch (reason) {
            case BULKHEAD_FULL -> {
                res.header(HeaderNames.RETRY_AFTER, "1");
                yield Problems.send(res, ProblemType.OVERLOADED, "too many concurrent requests to the monolith; retry");
            }
            case TIMEOUT -> Problems.send(res, ProblemType.MONOLITH_TIMEOUT, "the monolith did not answer in time");
            default -> Problems.send(res, ProblemType.MONOLITH_UNAVAILABLE, "the monolith failed: " + reason.token());
        };
    }

    /** Echo user input into a detail only when it is short and plain. */
    private static String printable(String value) {
        return value != null && value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? value : "(invalid)";
    }
}
