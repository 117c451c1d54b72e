package io.mosaic;

import io.helidon.config.Config;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.mosaic.config.MosaicConfig;
import io.mosaic.config.ShutdownSettings;
import io.mosaic.config.UnreadVariables;
import io.mosaic.http.ErrorHandling;
import io.mosaic.observe.AccessLog;
import io.mosaic.routing.UnleashFlags;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A running Mosaic: the web server, the health and metrics endpoints, and what {@link Assembly} built. */
public final class MosaicServer {

    private static final System.Logger LOG = System.getLogger(MosaicServer.class.getName());

    /**
     * What the web server gives connections still busy when it stops. Mosaic waits for in-flight requests itself,
     * for {@code mosaic.shutdown.grace-period}; the web server's own grace period comes on top of that wait (and is
     * spent once for its connections and once for its executor), so it is only a short tail, not the grace period
     * again: a drain must end within {@code drain-delay + grace-period}, before the orchestrator's kill.
     */
    static final Duration STOP_TAIL = Duration.ofMillis(500);

    private final WebServer server;
    private final Assembly assembly;
    private final Lifecycle lifecycle;

    private MosaicServer(WebServer server, Assembly assembly, Lifecycle lifecycle) {
        this.server = server;
        this.assembly = assembly;
        this.lifecycle = lifecycle;
    }

    /**
     * Validate config, build and start; {@code root} was read from the YAML {@code file}, in which a key given twice
     * is a config problem too.
     *
     * @throws io.mosaic.config.InvalidConfigException listing every config problem
     * @throws IllegalStateException when the web server does not start, e.g. because its port is in use
     */
    public static MosaicServer start(Config root, Path file) {
        EnricherRegistry registry = EnricherRegistry.load();
        MosaicConfig config = MosaicConfig.load(root, file, registry::has);
        MosaicServer started = start(root, config, registry, UnleashFlags.start(config.settings().unleash()));
        // Warnings only, read once more with every MOSAIC_* variable as a key: after the start, not in its way.
        Thread.ofVirtual().name("mosaic-unread-variables").start(() -> UnreadVariables.warn(System.getenv(), file,
                List.of(Main.CONFIG_ENV, config.settings().unleash().apiTokenEnv()),
                config.settings().upstreams().keySet()));
        return started;
    }

    /** Start with a given flag client, e.g. {@code FakeUnleash} in tests. */
    public static MosaicServer start(Config root, UnleashFlags flags) {
        EnricherRegistry registry = EnricherRegistry.load();
        return start(root, MosaicConfig.load(root, registry::has), registry, flags);
    }

    private static MosaicServer start(Config root, MosaicConfig config, EnricherRegistry registry, UnleashFlags flags) {
        Assembly assembly = Assembly.create(config, registry, flags, com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                Services.get(MeterRegistry.class));
        Lifecycle lifecycle = new Lifecycle(flags);
        ObserveFeature observe = ObserveFeature.builder()
                .addObserver(HealthObserver.builder().addCheck(lifecycle.readiness()).details(true).build())
                .addObserver(MetricsObserver.create())
                .build();
        WebServer server = WebServer.builder()
                .config(root.get("server"))
                .shutdownHook(false)
                .shutdownGracePeriod(STOP_TAIL)
                .directHandlers(ErrorHandling.directHandlers(assembly.metrics()))
                .addFeature(observe)
                .routing(routing -> {
                    routing.addFilter(lifecycle.inFlightFilter());
                    assembly.routing(routing);
                })
                .build()
                .start();
        if (!server.isRunning()) {
            // Helidon logs why (a port in use, say) and returns a stopped server instead of throwing
            assembly.close();
            throw new IllegalStateException("the web server did not start (server.host "
                    + root.get("server.host").asString().orElse("not set") + ", server.port "
                    + root.get("server.port").asString().orElse("not set") + "); the reason is logged above");
        }
        Warmup.run(Warmup.self(root.get("server.host").asString().orElse(""), server.port()), flags,
                assembly.deadlines());
        lifecycle.warmedUp();
        LOG.log(Level.INFO, summary(root, config, flags, server.port()));
        return new MosaicServer(server, assembly, lifecycle);
    }

    /** One line for the startup log: what is served, from where, with secrets left out. */
    private static String summary(Config root, MosaicConfig config, UnleashFlags flags, int port) {
        Map<String, List<String>> enrichers = new LinkedHashMap<>();
        config.enrichers().forEach((type, list) -> enrichers.put(type, list.stream().map(e -> e.name()).toList()));
        Map<String, String> upstreams = new LinkedHashMap<>();
        config.settings().upstreams().forEach((name, upstream) -> upstreams.put(name, redact(upstream.uri())));
        return "Mosaic listening on http://" + root.get("server.host").asString().orElse("0.0.0.0") + ":" + port
                + " entities=" + enrichers + " upstreams=" + upstreams
                + " flags=" + flags.source().name().toLowerCase()
                + " unleash=" + config.settings().unleash().url().map(MosaicServer::redact).orElse("offline");
    }

    /** A URI without user info or query, which may hold credentials. */
    private static String redact(java.net.URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
    }

    public int port() {
        return server.port();
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Graceful stop: readiness turns false; after the drain delay new requests are refused (503 with
     * {@code Connection: close}); in-flight requests get the grace period to finish; then the listener closes.
     */
    public void drainAndStop() {
        ShutdownSettings shutdown = assembly.config().settings().shutdown();
        lifecycle.startDraining();
        LOG.log(Level.INFO, "draining: readiness is down; refusing new requests in " + shutdown.drainDelay());
        try {
            Thread.sleep(shutdown.drainDelay());
            lifecycle.refuseNewRequests();
            LOG.log(Level.INFO, "refusing new requests; waiting for " + lifecycle.inFlight() + " in flight");
            if (!lifecycle.awaitIdle(shutdown.gracePeriod())) {
                LOG.log(Level.WARNING, lifecycle.inFlight() + " request(s) still in flight after the grace period;"
                        + " closing their connections");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
        if (lifecycle.refused() > 0) {
            // clients saw these 503s, and nothing else records them
            LOG.log(Level.WARNING, lifecycle.refused() + " request(s) refused with 503 shutting-down: they arrived"
                    + " more than " + shutdown.drainDelay() + " after readiness went down (the load balancer took"
                    + " longer than mosaic.shutdown.drain-delay to stop sending)");
        }
        LOG.log(Level.INFO, "stopped");
    }

    /** Stop at once: requests still in flight get {@link #STOP_TAIL} to finish, then their connections are closed. */
    public void stop() {
        server.stop();
        assembly.close();
        AccessLog.flush();
    }
}
