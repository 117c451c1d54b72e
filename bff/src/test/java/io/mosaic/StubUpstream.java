package io.mosaic;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A real HTTP upstream on its own socket on 127.0.0.1, recording what it receives. */
final class StubUpstream implements AutoCloseable {

    /** One request as the upstream saw it. */
    record Seen(String path, String query, Map<String, String> headers) {
    }

    private final WebServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private StubUpstream(Consumer<HttpRouting.Builder> routes) {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
            r.any((req, res) -> {
                Map<String, String> headers = new TreeMap<>();
                req.headers().forEach(h -> headers.put(h.name().toLowerCase(), h.get()));
                seen.add(new Seen(req.path().rawPath(), req.query().rawValue(), headers));
                res.next();
            });
            routes.accept(r);
        }).build().start();
    }

    static StubUpstream start(Consumer<HttpRouting.Builder> routes) {
        return new StubUpstream(routes);
    }

    String uri() {
        return "http://127.0.0.1:" + server.port();
    }

    List<Seen> seen() {
        return seen;
    }

    static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    static void status(ServerResponse res, int code) {
        res.status(Status.create(code));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{}");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
