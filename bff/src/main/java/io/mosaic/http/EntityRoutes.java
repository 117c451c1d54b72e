package io.mosaic.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.core.Composer;
import io.mosaic.core.Composition;
import io.mosaic.core.Deadline;
import io.mosaic.core.Degradation;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.HeaderPolicy;
import io.mosaic.core.IdPolicy;
import io.mosaic.core.Json;
import io.mosaic.core.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The thin HTTP adapter for {@code GET /api/{type}/{id}}: turns a request into an {@link EntityRequest}, runs
 * the core, and turns the {@link Composition} into a response. No composition logic lives here.
 */
public final class EntityRoutes implements HttpService {

    public static final String PATH_HEADER = "Mosaic-Path";
    public static final String DEGRADED_HEADER = "Mosaic-Degraded";

    private final Map<String, EntityPlan> plans;
    private final Composer composer;
    private final IdPolicy ids;
    private final HeaderPolicy headers;
    private final String userHeader;
    private final Duration deadline;

    public EntityRoutes(Map<String, EntityPlan> plans, Composer composer, IdPolicy ids, HeaderPolicy headers,
                        String userHeader, Duration deadline) {
        this.plans = Map.copyOf(plans);
        this.composer = composer;
        this.ids = ids;
        this.headers = headers;
        this.userHeader = userHeader;
        this.deadline = deadline;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{type}/{id}", this::get)
                // An id that decodes to more than one path segment, e.g. ..%2F..%2Fadmin
                .get("/{type}/{id}/{+rest}", (req, res) ->
                        Problems.send(res, ProblemType.BAD_ID, "the id must match " + ids.pattern()))
                .any("/{type}/{id}", (req, res) -> {
                    res.header(HeaderNames.ALLOW, "GET, HEAD");
                    Problems.send(res, ProblemType.METHOD_NOT_ALLOWED, "only GET is supported");
                });
    }

    private void get(ServerRequest req, ServerResponse res) {
        Deadline requestDeadline = Deadline.after(deadline);
        String type = req.path().pathParameters().get("type");
        String id = req.path().pathParameters().get("id");
        EntityPlan plan = plans.get(type);
        if (plan == null) {
            Problems.send(res, ProblemType.UNKNOWN_ENTITY_TYPE, "no entity type '" + printable(type) + "'");
            return;
        }
        if (!ids.accepts(id)) {
            Problems.send(res, ProblemType.BAD_ID, "the id must match " + ids.pattern());
            return;
        }
        var incoming = req.headers();
        Map<String, String> forwarded = headers.select(name ->
                incoming.first(HeaderNames.create(name)).orElse(null));
        Optional<String> user = incoming.first(HeaderNames.create(userHeader));
        EntityRequest request = new EntityRequest(type, id, forwarded, user, requestDeadline);

        Composition result = composer.compose(plan, request);
        res.header(PATH_HEADER, "composed");
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
            case Composition.NotFound notFound ->
                    Problems.send(res, ProblemType.NOT_FOUND, type + " '" + id + "' does not exist");
            case Composition.BaseFailed failed -> Problems.send(res,
                    failed.reason() == Reason.TIMEOUT ? ProblemType.MONOLITH_TIMEOUT : ProblemType.MONOLITH_UNAVAILABLE,
                    "the monolith failed: " + failed.reason().token());
            case Composition.RequiredFailed failed -> Problems.send(res,
                    failed.degradation().reason() == Reason.TIMEOUT ? ProblemType.ENRICHER_TIMEOUT
                            : ProblemType.ENRICHER_FAILED,
                    "required enrichment '" + failed.degradation().enricher() + "' failed: "
                            + failed.degradation().reason().token(),
                    Map.of("enricher", failed.degradation().enricher(), "reason", failed.degradation().reason().token()));
        }
    }

    /** Echo user input into a detail only when it is short and plain. */
    private static String printable(String value) {
        return value != null && value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? value : "(invalid)";
    }
}
