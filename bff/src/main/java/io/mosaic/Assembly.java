package io.mosaic;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.helidon.webserver.http.HttpRouting;
import io.mosaic.cache.CacheBudget;
import io.mosaic.cache.EnrichmentCache;
import io.mosaic.config.EnricherSettings;
import io.mosaic.config.EntitySettings;
import io.mosaic.config.FallbackSettings;
import io.mosaic.config.InvalidConfigException;
import io.mosaic.config.MosaicConfig;
import io.mosaic.config.MosaicSettings;
import io.mosaic.core.Composer;
import io.mosaic.core.DeadlineStage;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Enricher;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.Fallback;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchStage;
import io.mosaic.http.EntityRoute;
import io.mosaic.http.EntityRoutes;
import io.mosaic.http.ErrorHandling;
import io.mosaic.observe.AccessLog;
import io.mosaic.observe.MetricsStage;
import io.mosaic.observe.MosaicMetrics;
import io.helidon.metrics.api.MeterRegistry;
import io.mosaic.resilience.BulkheadStage;
import io.mosaic.resilience.CircuitBreakerStage;
import io.mosaic.routing.Router;
import io.mosaic.shadow.JsonComparison;
import io.mosaic.shadow.MismatchReport;
import io.mosaic.shadow.ShadowRunner;
import io.mosaic.shadow.ShadowTrigger;
import io.mosaic.routing.UnleashFlags;
import io.mosaic.upstream.DirectProxy;
import io.mosaic.upstream.HttpUpstream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one place where Mosaic is put together, top to bottom: upstream clients, the stages around each call,
 * the entity plans, the routing, and the routes. Owns the executors and the flag client it is given.
 *
 * <p>Around every enricher call, outermost first: metrics, cache, circuit breaker, bulkhead, deadline, HTTP.
 * Around every monolith call: metrics, bulkhead, deadline, HTTP. A stage that is not configured is the identity.
 */
public final class Assembly implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Assembly.class.getName());

    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "mosaic-deadlines");
        t.setDaemon(true);
        return t;
    });
    private final DeadlineTimer deadlines = new DeadlineTimer(scheduler);
    private final MosaicConfig config;
    private final UnleashFlags flags;
    private final Map<String, EntityRoute> routes;
    private final Map<String, HttpUpstream> upstreams = new LinkedHashMap<>();
    private final Map<String, Bulkhead> bulkheads = new LinkedHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, EnrichmentCache> caches = new LinkedHashMap<>();
    private final MosaicMetrics metrics;
    private ShadowRunner shadow;

    private Assembly(MosaicConfig config, EnricherRegistry registry, UnleashFlags flags, Ticker ticker,
                     MeterRegistry meters) {
        scheduler.setRemoveOnCancelPolicy(true);
        this.config = config;
        this.flags = flags;
        this.metrics = new MosaicMetrics(meters);
        MosaicSettings settings = config.settings();
        settings.upstreams().forEach((name, upstream) -> upstreams.put(name, HttpUpstream.create(upstream)));

        Map<String, EntityRoute> built = new LinkedHashMap<>();
        for (EntitySettings entity : settings.entities().values()) {
            HttpUpstream monolith = upstreams.get(entity.upstream());
            Bulkhead monolithBulkhead = bulkhead("monolith:" + entity.type(), entity.maxConcurrent());
            String type = entity.type();
            Fetch base = FetchStage.wrap(monolith, List.of(
                    new MetricsStage("base", (outcome, nanos) -> metrics.monolith(type, outcome, nanos)),
                    new BulkheadStage(monolithBulkhead),
                    new DeadlineStage(deadlines)));
            List<Enricher> enrichers = new ArrayList<>();
            Map<String, String> killSwitches = new LinkedHashMap<>();
            for (EnricherSettings enricher : config.enrichers().get(entity.type())) {
                enrichers.add(enricher(registry, enricher, upstreams.get(enricher.upstream()), entity.type(), ticker));
                enricher.flag().ifPresent(flag -> killSwitches.put(enricher.name(), flag));
            }
            EntityPlan plan = new EntityPlan(entity.type(), entity.path(), base, entity.timeout(), enrichers,
                    () -> monolithBulkhead.getMetrics().getAvailableConcurrentCalls() > 0);
            built.put(entity.type(), new EntityRoute(plan, entity.flag().orElse(settings.routing().flag()),
                    killSwitches, new DirectProxy(monolith, monolithBulkhead)));
        }
        this.routes = Map.copyOf(built);
        CacheBudget.of(caches.values()).warning(Runtime.getRuntime().maxMemory())
                .ifPresent(warning -> LOG.log(Level.WARNING, warning));
        metrics.watch(bulkheads, breakers, caches);
    }

    /**
     * Build Mosaic from validated config.
     *
     * @param flags  the flag client; closed with this assembly
     * @param ticker the clock of the enrichment caches
     * @param meters where the metrics go
     * @throws InvalidConfigException when an enricher's transformer rejects its config
     */
    public static Assembly create(MosaicConfig config, EnricherRegistry registry, UnleashFlags flags, Ticker ticker,
                                  MeterRegistry meters) {
        return new Assembly(config, registry, flags, ticker, meters);
    }

    private Enricher enricher(EnricherRegistry registry, EnricherSettings enricher, HttpUpstream upstream,
                              String type, Ticker ticker) {
        String name = enricher.name() + ":" + type;
        boolean stale = enricher.fallback().type() == FallbackSettings.Type.STALE;
        Optional<EnrichmentCache> cache = enricher.cache()
                .map(c -> new EnrichmentCache(c, stale, config.settings().userHeader(),
                        config.settings().headers()::forwards, ticker));
        cache.ifPresent(c -> caches.put(name, c));
        FetchStage breaker = FetchStage.identity();
        if (enricher.circuitBreaker().enabled()) {
            CircuitBreaker circuit = enricher.circuitBreaker().breaker(name);
            breakers.put(name, circuit);
            breaker = new CircuitBreakerStage(circuit);
        }
        Fetch fetch = FetchStage.wrap(upstream, List.of(
                new MetricsStage(enricher.name(), (outcome, nanos) -> metrics.enricher(enricher.name(), outcome, nanos)),
                cache.<FetchStage>map(c -> c).orElse(FetchStage.identity()),
                breaker,
                new BulkheadStage(bulkhead(name, enricher.maxConcurrent())),
                new DeadlineStage(deadlines)));
        Fallback fallback = switch (enricher.fallback().type()) {
            case OMIT -> new Fallback.Omit();
            case STATIC -> new Fallback.Static(enricher.fallback().value().orElseThrow());
            case STALE -> new Fallback.Stale(request -> cache.flatMap(c -> c.lastGood(request)));
            case MONOLITH -> new Fallback.Monolith();
        };
        try {
            return registry.create(enricher, fetch, fallback);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(List.of(e.getMessage()));
        }
    }

    private Bulkhead bulkhead(String name, int maxConcurrent) {
        Bulkhead bulkhead = BulkheadStage.bulkhead(name, maxConcurrent);
        bulkheads.put(name, bulkhead);
        return bulkhead;
    }

    /** Register Mosaic's routes on a routing builder. */
    public void routing(HttpRouting.Builder routing) {
        MosaicSettings settings = config.settings();
        Router router = new Router(flags.unleash(), settings.routing(), settings.userHeader());
        Composer composer = new Composer(fanOut, deadlines);
        ShadowTrigger shadowTrigger = ShadowTrigger.NONE;
        if (settings.routing().shadowFlag().isPresent()) {
            Map<String, JsonComparison> comparisons = new LinkedHashMap<>();
            settings.entities().forEach((type, entity) -> comparisons.put(type, JsonComparison.using(entity.shadow())));
            shadow = new ShadowRunner(settings.shadow(), comparisons, composer, metrics,
                    new MismatchReport(settings.shadow().maxTrackedPaths()));
            shadowTrigger = shadow;
            ShadowRunner runner = shadow;
            routing.get("/observe/shadow", (req, res) -> {
                res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
                res.send(io.mosaic.core.Json.write(runner.report().toJson(20)));
            });
        }
        routing.register("/api", new EntityRoutes(settings, routes, composer, router, deadlines, metrics,
                new AccessLog(settings.accessLog()), shadowTrigger));
        ErrorHandling.register(routing, metrics);
    }

    public MosaicConfig config() {
        return config;
    }

    public MosaicMetrics metrics() {
        return metrics;
    }

    public DeadlineTimer deadlines() {
        return deadlines;
    }

    @Override
    public void close() {
        if (shadow != null) {
            shadow.close();
        }
        fanOut.shutdownNow();
        scheduler.shutdownNow();
        upstreams.values().forEach(HttpUpstream::close);
        flags.close();
    }
}
