package io.mosaic.http;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.mosaic.observe.MosaicMetrics;
import java.lang.System.Logger.Level;

/**
 * Maps every failure to {@code application/problem+json} in one place: at routing setup, and for what Helidon
 * answers before routing ({@link #directHandlers(MosaicMetrics)}).
 */
public final class ErrorHandling {

    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    /** @param metrics where requests to no resource are counted ({@code mosaic_refused_total}) */
    public static void register(HttpRouting.Builder routing, MosaicMetrics metrics) {
        routing.error(Throwable.class, (req, res, error) -> {
            String requestId = res.headers().first(EntityRoutes.REQUEST_ID).orElse("-");
            LOG.log(Level.ERROR, "request " + requestId + ": unhandled error on " + req.prologue().method() + " "
                    + req.path().path(), error);
            if (!res.isSent()) {
                Problems.send(res, ProblemType.INTERNAL, "an internal error occurred");
            }
        });
        routing.any((req, res) -> {
            if (req.path().path().startsWith("/observe")) {
                res.next();
            } else {
                metrics.refused(ProblemType.NO_ROUTE.slug());
                Problems.send(res, ProblemType.NO_ROUTE, "no resource at this path");
            }
        });
    }

    /**
     * For the web server's listener ({@code WebServer.builder().directHandlers(...)}): requests Helidon refuses
     * before they reach routing are answered with problems too, and counted ({@code mosaic_refused_total}).
     */
    public static DirectHandlers directHandlers(MosaicMetrics metrics) {
        ProtocolProblems problems = new ProtocolProblems(type -> metrics.refused(type.slug()));
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, problems);
        }
        return handlers.build();
    }
}
