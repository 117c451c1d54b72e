package io.mosaic.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
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
import io.mosaic.upstream.HeaderNameTable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The thin HTTP adapter for {@code GET /api/{type}/{id}}: validates, evaluates the flags once, then runs the
 * composed path (the core's {@link Composer}) or the direct path ({@link DirectPath}: the monolith's own answer,
 * streamed), and turns the outcome into a response. Every response says which path served it in
 * {@code Mosaic-Path} and carries the request id; each request is measured and written to the access log once.
 */
public final class EntityRoutes implements HttpService {

    public static final String PATH_HEADER = "Mosaic-Path";
    public static final String DEGRADED_HEADER = "Mosaic-Degraded";
    // Helidon's header names made once (from a String, each response header would make its own), and the headers
    // whose value never changes with their bytes written once
    static final HeaderName PATH = HeaderNames.create(PATH_HEADER);
    private static final Header PATH_COMPOSED = HeaderValues.createCached(PATH, RoutePath.COMPOSED.token());
    static final Header PATH_DIRECT = HeaderValues.createCached(PATH, RoutePath.DIRECT.token());
    private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
    private static final HeaderName DEGRADED = HeaderNames.create(DEGRADED_HEADER);
    static final HeaderName REQUEST_ID = HeaderNames.create(Correlation.REQUEST_ID);
    private static final HeaderName SERVER_TIMING = HeaderNames.create("Server-Timing");

    /** Degradations that no upstream call recorded. */
    private static final java.util.Set<Reason> NOT_CALLED = java.util.EnumSet.of(Reason.DISABLED,
            Reason.MISSING_PARAM, Reason.CONFLICT);

    private final MosaicSettings settings;
    private final Map<String, EntityRoute> routes;
    private final Composer composer;
    private final Router router;
    private final DirectPath direct;
    private final MosaicMetrics metrics;
    private final AccessLog accessLog;
    private final ShadowTrigger shadow;
    private final HeaderNameTable headerNames = new HeaderNameTable();

    public EntityRoutes(MosaicSettings settings, Map<String, EntityRoute> routes, Composer composer, Router router,
                        DeadlineTimer timer, MosaicMetrics metrics, AccessLog accessLog, ShadowTrigger shadow) {
        this.settings = settings;
        this.routes = Map.copyOf(routes);
        this.composer = composer;
        this.router = router;
        this.direct = new DirectPath(timer, metrics, shadow);
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.shadow = shadow;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{type}/{id}", this::get)
                // An id that decodes to more than one path segment, e.g. ..%2F..%2Fadmin
                .get("/{type}/{id}/{+rest}", (req, res) -> {
                    correlate(header(req), res);
                    refuse(res, ProblemType.BAD_ID, idRule());
                })
                // HEAD included: it is not served, so Allow must not offer it
                .any("/{type}/{id}", (req, res) -> {
                    correlate(header(req), res);
                    res.header(HeaderNames.ALLOW, "GET");
                    refuse(res, ProblemType.METHOD_NOT_ALLOWED, "only GET is supported");
                });
    }

    private Correlation correlate(Function<String, String> header, ServerResponse res) {
        Correlation correlation = Correlation.from(header);
        res.header(HeaderValues.create(REQUEST_ID, correlation.requestId()));
        return correlation;
    }

    /** The client's value of a header by name, or null. */
    private Function<String, String> header(ServerRequest req) {
        return name -> req.headers().first(headerNames.of(name)).orElse(null);
    }

    private void badId(ServerResponse res) {
        Problems.send(res, ProblemType.BAD_ID, idRule());
    }

    private String idRule() {
        return "the id must match " + settings.ids().pattern();
    }

    /** A problem for a request that reaches no entity type's path, so no request metric: counted on its own. */
    private void refuse(ServerResponse res, ProblemType type, String detail) {
        metrics.refused(type.slug());
        Problems.send(res, type, detail);
    }

    private void get(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(settings.deadline());
        Function<String, String> header = header(req);
        Correlation correlation = correlate(header, res);
        String type = req.path().pathParameters().get("type");
        String id = req.path().pathParameters().get("id");
        EntityRoute route = routes.get(type);
        if (route == null) {
            refuse(res, ProblemType.UNKNOWN_ENTITY_TYPE, "no entity type '" + printable(type) + "'");
            return;
        }
        Optional<String> user = Optional.ofNullable(header.apply(settings.userHeader()));
        if (!settings.ids().accepts(id)) {
            badId(res);
            finish(correlation, type, "none", 400, false, start, CallLog.NONE, List.of(), user);
            return;
        }
        EntityRequest request = new EntityRequest(type, id, correlation.addTo(settings.headers().select(header)),
                user, deadline, CallLog.create());
        RoutingDecision decision = router.decide(route.flag(), header, Optional.of(req.remotePeer().host()),
                route.killSwitches());
        metrics.decision(type, decision.path().token());
        boolean aborted = false;
        try {
            if (decision.path() == RoutePath.DIRECT) {
                DirectPath.Served served;
                try {
                    served = direct.serve(route, request, decision, res);
                } catch (UncheckedIOException | ServerConnectionException clientGone) {
                    // the client went away before the problem in place of the monolith's answer was written (Helidon
                    // reports a failed write of a whole answer as ServerConnectionException, of a stream as the
                    // UncheckedIOException of the socket)
                    served = new DirectPath.Served(res.status().code(), true);
                }
                aborted = served.aborted();
                finish(correlation, type, RoutePath.DIRECT.token(), served.status(), aborted, start, request.log(),
                        List.of(), user);
                if (decision.shadow() && (served.status() != 200 || aborted)) {
                    shadow.primaryServed(route.plan(), request, decision, Optional.empty());
                }
            } else {
                Composition result = composer.compose(route.plan(), request, decision.disabledEnrichers());
                // written once: for the client, and for the shadow comparison when there is one
                byte[] body = result instanceof Composition.Composed c ? Json.write(c.body()) : null;
                res.header(PATH_COMPOSED);
                if (settings.serverTiming().enabled()) {
                    res.header(HeaderValues.create(SERVER_TIMING,
                            ServerTiming.header(request.log(), System.nanoTime() - start)));
                }
                int status;
                try {
                    status = reply(result, body, request, res);
                } catch (UncheckedIOException | ServerConnectionException clientGone) {
                    // the client went away before its answer was written: nobody was sent an error
                    status = res.status().code();
                    aborted = true;
                }
                finish(correlation, type, RoutePath.COMPOSED.token(), status, aborted, start, request.log(),
                        degraded(result), user);
                if (decision.shadow()) {
                    shadow.primaryServed(route.plan(), request, decision, Optional.ofNullable(body));
                }
            }
        } catch (RuntimeException e) {
            // Logged once, with the request id, by ErrorHandling.
            finish(correlation, type, decision.path().token(), 500, false, start, request.log(), List.of(), user);
            throw e;
        }
        if (aborted) {
            // Helidon closes the connection without completing the response: completing it would present the part
            // that went out as the whole answer.
            throw new CloseConnectionException("the answer broke off after it began to go out");
        }
    }

    /**
     * @param aborted the answer broke off after its status went out, or could not be written because the client went
     *                away, and its connection was closed
     */
    private void finish(Correlation correlation, String type, String path, int status, boolean aborted, long start,
                        CallLog calls, List<Degradation> degraded, Optional<String> user) {
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
        accessLog.write(correlation, type, path, status, aborted, nanos, calls.slowestNanos(), degraded, user);
    }

    private static List<Degradation> degraded(Composition result) {
        return switch (result) {
            case Composition.Composed composed -> composed.degraded();
            case Composition.RequiredFailed failed -> List.of(failed.degradation());
            default -> List.of();
        };
    }

    /**
     * Write a composed result; returns the status sent.
     *
     * @param body the merged document, written, when the result is {@link Composition.Composed}
     */
    private static int reply(Composition result, byte[] body, EntityRequest request, ServerResponse res) {
        return switch (result) {
            case Composition.Composed composed -> {
                if (!composed.degraded().isEmpty()) {
                    res.header(HeaderValues.create(DEGRADED, Degradation.header(composed.degraded())));
                }
                res.header(HeaderValues.CONTENT_TYPE_JSON);
                res.header(NO_STORE);
                res.status(Status.OK_200);
                res.send(body);
                yield 200;
            }
            case Composition.NotFound notFound -> Problems.send(res, ProblemType.NOT_FOUND,
                    request.type() + " '" + request.id() + "' does not exist");
            case Composition.BaseFailed failed -> Problems.monolithFailed(res, failed.reason());
            case Composition.RequiredFailed failed -> Problems.send(res,
                    failed.degradation().reason() == Reason.TIMEOUT ? ProblemType.ENRICHER_TIMEOUT
                            : ProblemType.ENRICHER_FAILED,
                    "required enrichment '" + failed.degradation().enricher() + "' failed: "
                            + failed.degradation().reason().token(),
                    Map.of("enricher", failed.degradation().enricher(), "reason", failed.degradation().reason().token()));
        };
    }

    /** Echo user input into a detail only when it is short and plain. */
    private static String printable(String value) {
        return value != null && value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? value : "(invalid)";
    }
}
