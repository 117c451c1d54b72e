package io.mosaic.http;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;

/**
 * Maps every failure to {@code application/problem+json} in one place: at routing setup, and for what Helidon
 * answers before routing ({@link #directHandlers()}).
 */
public final class ErrorHandling {

    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(Throwable.class, (req, res, error) -> {
            String requestId = res.headers().first(io.helidon.http.HeaderNames.create("X-Request-Id")).orElse("-");
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
                Problems.send(res, ProblemType.NO_ROUTE, "no resource at this path");
            }
        });
    }

    /**
     * For the web server's listener ({@code WebServer.builder().directHandlers(...)}): requests Helidon refuses
     * before they reach routing are answered with problems too.
     */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, ProtocolProblems.INSTANCE);
        }
        return handlers.build();
    }
}
