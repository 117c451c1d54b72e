package io.mosaic.demo;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.logging.common.LogConfig;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * The demo's upstreams in one process, each on its own port on 127.0.0.1:
 * <ul>
 *   <li>a sample monolith: {@code GET /deployables/{id}?skipExternal=true|false}; with {@code false} it acts
 *       like the legacy system and calls the two services itself, embedding {@code visualDesign} and
 *       {@code translations};</li>
 *   <li>the visual-design service: {@code GET /designs/{id}};</li>
 *   <li>the translations service: {@code GET /translations/deployables/{id}}.</li>
 * </ul>
 * Ports and latencies come from environment variables: {@code DEMO_MONOLITH_PORT} (8081),
 * {@code DEMO_VISUAL_DESIGN_PORT} (8082), {@code DEMO_TRANSLATIONS_PORT} (8083), and
 * {@code DEMO_MONOLITH_LATENCY_MS}, {@code DEMO_VISUAL_DESIGN_LATENCY_MS}, {@code DEMO_TRANSLATIONS_LATENCY_MS} (0).
 */
public final class DemoUpstreams {

    private final List<WebServer> servers = new ArrayList<>();

    private DemoUpstreams() {
    }

    public static void main(String[] args) throws InterruptedException {
        LogConfig.configureRuntime();
        DemoUpstreams demo = start(env("DEMO_MONOLITH_PORT", 8081), env("DEMO_VISUAL_DESIGN_PORT", 8082),
                env("DEMO_TRANSLATIONS_PORT", 8083), env("DEMO_MONOLITH_LATENCY_MS", 0),
                env("DEMO_VISUAL_DESIGN_LATENCY_MS", 0), env("DEMO_TRANSLATIONS_LATENCY_MS", 0));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.stop();
            stopped.countDown();
        }));
        System.out.println("Demo upstreams ready: monolith " + demo.servers.get(2).port() + ", visual-design "
                + demo.servers.get(0).port() + ", translations " + demo.servers.get(1).port());
        stopped.await();
    }

    /** Start the three upstreams; port 0 picks a free port. */
    public static DemoUpstreams start(int monolithPort, int designPort, int translationsPort,
                                      int monolithLatencyMs, int designLatencyMs, int translationsLatencyMs) {
        DemoUpstreams demo = new DemoUpstreams();
        WebServer designs = demo.serve(designPort, r -> r.get("/designs/{id}",
                (req, res) -> answer(req, res, designLatencyMs, DemoData::design)));
        WebServer translations = demo.serve(translationsPort, r -> r.get("/translations/deployables/{id}",
                (req, res) -> answer(req, res, translationsLatencyMs, DemoData::translations)));
        Legacy legacy = new Legacy(designs.port(), translations.port());
        demo.serve(monolithPort, r -> r.get("/deployables/{id}", (req, res) -> {
            pause(monolithLatencyMs);
            Optional<Integer> n = DemoData.known(req.path().pathParameters().get("id"));
            if (n.isEmpty()) {
                notFound(res);
                return;
            }
            ObjectNode body = DemoData.deployable(n.get());
            if ("false".equals(req.query().first("skipExternal").orElse("true"))) {
                legacy.embed(body, n.get(), req.headers().first(HeaderNames.ACCEPT_LANGUAGE));
            }
            json(res, body);
        }));
        return demo;
    }

    public int monolithPort() {
        return servers.get(2).port();
    }

    public int designsPort() {
        return servers.get(0).port();
    }

    public int translationsPort() {
        return servers.get(1).port();
    }

    public void stop() {
        servers.forEach(WebServer::stop);
    }

    private WebServer serve(int port, java.util.function.Consumer<HttpRouting.Builder> routes) {
        WebServer server = WebServer.builder().host("127.0.0.1").port(port).routing(routes).build().start();
        servers.add(server);
        return server;
    }

    private static void answer(ServerRequest req, ServerResponse res, int latencyMs, IntFunction<ObjectNode> data) {
        pause(latencyMs);
        Optional<Integer> n = DemoData.known(req.path().pathParameters().get("id"));
        if (n.isEmpty()) {
            notFound(res);
        } else {
            json(res, data.apply(n.get()));
        }
    }

    private static void json(ServerResponse res, JsonNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(DemoData.JSON.writeValueAsBytes(body));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void notFound(ServerResponse res) {
        res.status(Status.NOT_FOUND_404);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{\"error\":\"not found\"}");
    }

    private static void pause(int millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int env(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    /** The legacy monolith's own enrichment: it calls the two services itself, one after the other. */
    private static final class Legacy {
        private final WebClient designs;
        private final WebClient translations;

        Legacy(int designsPort, int translationsPort) {
            designs = WebClient.builder().baseUri("http://127.0.0.1:" + designsPort)
                    .readTimeout(Duration.ofSeconds(5)).build();
            translations = WebClient.builder().baseUri("http://127.0.0.1:" + translationsPort)
                    .readTimeout(Duration.ofSeconds(5)).build();
        }

        void embed(ObjectNode body, int n, Optional<String> acceptLanguage) {
            fetch(designs, "/designs/" + n).ifPresent(d -> body.set("visualDesign", d));
            fetch(translations, "/translations/deployables/" + n)
                    .ifPresent(t -> body.set("translations", keepLanguages(t.path("texts"), acceptLanguage)));
        }

        private static Optional<JsonNode> fetch(WebClient client, String path) {
            try (HttpClientResponse response = client.get(path).request()) {
                if (response.status().code() != 200) {
                    return Optional.empty();
                }
                return Optional.of(DemoData.JSON.readTree(response.inputStream()));
            } catch (Exception e) {
                return Optional.empty();
            }
        }

        private static JsonNode keepLanguages(JsonNode texts, Optional<String> acceptLanguage) {
            List<String> available = new ArrayList<>();
            for (Iterator<String> it = texts.fieldNames(); it.hasNext(); ) {
                available.add(it.next());
            }
            List<String> kept = List.of();
            if (acceptLanguage.isPresent()) {
                try {
                    kept = Locale.filterTags(Locale.LanguageRange.parse(acceptLanguage.get()), available);
                } catch (IllegalArgumentException ignored) {
                    kept = List.of();
                }
            }
            if (kept.isEmpty()) {
                kept = List.of("en");
            }
            ObjectNode out = DemoData.JSON.createObjectNode();
            kept.forEach(lang -> out.set(lang, texts.get(lang)));
            return out;
        }
    }
}
