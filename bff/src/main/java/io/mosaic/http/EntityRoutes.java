package io.mosaic.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.config.MosaicSettings;
import io.mosaic.core.Composer;
import io.mosaic.core.Composition;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Degradation;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.Json;
import io.mosaic.core.Reason;
import io.mosaic.routing.RoutePath;
import io.mosaic.routing.Router;
import io.mosaic.routing.RoutingDecision;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The thin HTTP adapter for {@code GET /api/{type}/{id}}: validates, evaluates the flags once, then runs the
 * composed path (the core's {@link Composer}) or the direct path (the monolith's own answer, streamed), and
 * turns the outcome into a response. Every response says which path served it in {@code Mosaic-Path}.
 */
public final class EntityRoutes implements HttpService {

    public static final String PATH_HEADER = "Mosaic-Path";
    public static final String DEGRADED_HEADER = "Mosaic-Degraded";

    private static final System.Logger LOG = System.getLogger(EntityRoutes.class.getName());

    private final MosaicSettings settings;
    private final Map<String, EntityRoute> routes;
    private final Composer composer;
    private final Router router;
    private final DeadlineTimer timer;

    public EntityRoutes(MosaicSettings settings, Map<String, EntityRoute> routes, Composer composer, Router router,
                        DeadlineTimer timer) {
        this.settings = settings;
        this.routes = Map.copyOf(routes);
        this.composer = composer;
        this.router = router;
        this.timer = timer;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{type}/{id}", this::get)
                // An id that decodes to more than one path segment, e.g. ..%2F..%2Fadmin
                .get("/{type}/{id}/{+rest}", (req, res) -> badId(res))
                .any("/{type}/{id}", (req, res) -> {
                    res.header(HeaderNames.ALLOW, "GET, HEAD");
                    Problems.send(res, ProblemType.METHOD_NOT_ALLOWED, "only GET is supported");
                });
    }

    private void badId(ServerResponse res) {
        Problems.send(res, ProblemType.BAD_ID, "the id must match " + settings.ids().pattern());
    }

    private void get(ServerRequest req, ServerResponse res) {
        Deadline deadline = Deadline.after(settings.deadline());
        String type = req.path().pathParameters().get("type");
        String id = req.path().pathParameters().get("id");
        EntityRoute route = routes.get(type);
        if (route == null) {
            Problems.send(res, ProblemType.UNKNOWN_ENTITY_TYPE, "no entity type '" + printable(type) + "'");
            return;
        }
        if (!settings.ids().accepts(id)) {
            badId(res);
            return;
        }
        var incoming = req.headers();
        Function<String, String> header = name -> incoming.first(HeaderNames.create(name)).orElse(null);
        Map<String, String> forwarded = settings.headers().select(header);
        EntityRequest request = new EntityRequest(type, id, forwarded,
                Optional.ofNullable(header.apply(settings.userHeader())), deadline);
        RoutingDecision decision = router.decide(route.flag(), header,
                Optional.of(req.remotePeer().host()), route.killSwitches());
        if (decision.path() == RoutePath.DIRECT) {
            direct(route, request, res);
        } else {
            composed(route, request, decision, res);
        }
    }

    private void composed(EntityRoute route, EntityRequest request, RoutingDecision decision, ServerResponse res) {
        Composition result = composer.compose(route.plan(), request, decision.disabledEnrichers());
        res.header(PATH_HEADER, RoutePath.COMPOSED.token());
        switch (result) {
            case Composition.Composed composed -> {
                if (!composed.degraded().isEmpty()) {
                    res.header(DEGRADED_HEADER, Degradation.header(composed.degraded()));
                }
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.header(HeaderNames.CACHE_CONTROL, "no-store");
                res.status(Status.OK_200);
                res.send(Json.write(composed.body()));
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
        }
    }

    /** The legacy path: the monolith enriches the entity itself; its answer goes to the client unchanged. */
    private void direct(EntityRoute route, EntityRequest request, ServerResponse res) {
        String path = route.plan().basePath().expand(v -> request.id()) + "?skipExternal=false";
        AtomicBoolean began = new AtomicBoolean();
        Optional<Optional<Reason>> outcome;
        try {
            outcome = timer.call(request.deadline(), () -> route.direct().forward(path, request.headers(),
                    request.deadline(), (status, headers) -> {
                        began.set(true);
                        res.status(Status.create(status));
                        headers.forEach((name, values) -> res.header(name, values.toArray(String[]::new)));
                        res.header(PATH_HEADER, RoutePath.DIRECT.token());
                        return res.outputStream();
                    }));
        } catch (UncheckedIOException e) {
            LOG.log(Level.DEBUG, "direct answer broke off while streaming: " + e.getMessage());
            return;
        }
        if (began.get()) {
            return;
        }
        res.header(PATH_HEADER, RoutePath.DIRECT.token());
        monolithFailed(res, outcome.orElse(Optional.of(Reason.TIMEOUT)).orElse(Reason.ERROR));
    }

    private static void monolithFailed(ServerResponse res, Reason reason) {
        switch (reason) {
            case BULKHEAD_FULL -> {
                res.header(HeaderNames.RETRY_AFTER, "1");
                Problems.send(res, ProblemType.OVERLOADED, "too many concurrent requests to the monolith; retry");
            }
            case TIMEOUT -> Problems.send(res, ProblemType.MONOLITH_TIMEOUT, "the monolith did not answer in time");
            default -> Problems.send(res, ProblemType.MONOLITH_UNAVAILABLE, "the monolith failed: " + reason.token());
        }
    }

    /** Echo user input into a detail only when it is short and plain. */
    private static String printable(String value) {
        return value != null && value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? value : "(invalid)";
    }
}
