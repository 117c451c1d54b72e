package io.mosaic;

import io.helidon.webserver.http.HttpRouting;
import io.mosaic.config.EnricherFolders;
import io.mosaic.config.EnricherSettings;
import io.mosaic.config.EntitySettings;
import io.mosaic.config.InvalidConfigException;
import io.mosaic.config.MosaicConfig;
import io.mosaic.config.MosaicSettings;
import io.mosaic.core.Composer;
import io.mosaic.core.DeadlineStage;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Enricher;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchStage;
import io.mosaic.http.EntityRoute;
import io.mosaic.http.EntityRoutes;
import io.mosaic.http.ErrorHandling;
import io.mosaic.routing.Router;
import io.mosaic.routing.UnleashFlags;
import io.mosaic.upstream.DirectProxy;
import io.mosaic.upstream.HttpUpstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one place where Mosaic is put together, top to bottom: upstream clients, the stages around each call,
 * the entity plans, the routing, and the routes. Owns the executors and the flag client it is given.
 */
public final class Assembly implements AutoCloseable {

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

    private Assembly(MosaicConfig config, EnricherRegistry registry, UnleashFlags flags) {
        scheduler.setRemoveOnCancelPolicy(true);
        this.config = config;
        this.flags = flags;
        MosaicSettings settings = config.settings();
        Map<String, HttpUpstream> upstreams = new LinkedHashMap<>();
        settings.upstreams().forEach((name, upstream) -> upstreams.put(name, HttpUpstream.create(upstream)));

        Map<String, EntityRoute> built = new LinkedHashMap<>();
        for (EntitySettings entity : settings.entities().values()) {
            HttpUpstream monolith = upstreams.get(entity.upstream());
            Fetch base = FetchStage.wrap(monolith, callStages());
            List<Enricher> enrichers = new ArrayList<>();
            Map<String, String> killSwitches = new LinkedHashMap<>();
            for (EnricherSettings enricher : config.enrichers().get(entity.type())) {
                Fetch fetch = FetchStage.wrap(upstreams.get(enricher.upstream()), callStages());
                enrichers.add(create(registry, enricher, fetch));
                enricher.flag().ifPresent(flag -> killSwitches.put(enricher.name(), flag));
            }
            EntityPlan plan = new EntityPlan(entity.type(), entity.path(), base, entity.timeout(), enrichers);
            built.put(entity.type(), new EntityRoute(plan, entity.flag().orElse(settings.routing().flag()),
                    killSwitches, new DirectProxy(monolith)));
        }
        this.routes = Map.copyOf(built);
    }

    /**
     * Build Mosaic from validated config.
     *
     * @param flags the flag client; closed with this assembly
     * @throws InvalidConfigException when an enricher's transformer rejects its config
     */
    public static Assembly create(MosaicConfig config, EnricherRegistry registry, UnleashFlags flags) {
        return new Assembly(config, registry, flags);
    }

    private static Enricher create(EnricherRegistry registry, EnricherSettings enricher, Fetch fetch) {
        try {
            return registry.create(enricher, fetch);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(List.of(enricher.folder().resolve(EnricherFolders.FILE_NAME)
                    + ": transformer.config: " + e.getMessage()));
        }
    }

    /** The stages around every upstream call, outermost first. */
    private List<FetchStage> callStages() {
        return List.of(new DeadlineStage(deadlines));
    }

    /** Register Mosaic's routes on a routing builder. */
    public void routing(HttpRouting.Builder routing) {
        MosaicSettings settings = config.settings();
        Router router = new Router(flags.unleash(), settings.routing(), settings.userHeader());
        routing.register("/api", new EntityRoutes(settings, routes, new Composer(fanOut), router, deadlines));
        ErrorHandling.register(routing);
    }

    public MosaicConfig config() {
        return config;
    }

    public UnleashFlags flags() {
        return flags;
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
        scheduler.shutdownNow();
        flags.close();
    }
}
