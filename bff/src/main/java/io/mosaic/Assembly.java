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
import io.mosaic.core.Enricher;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchStage;
import io.mosaic.http.EntityRoutes;
import io.mosaic.http.ErrorHandling;
import io.mosaic.upstream.HttpUpstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one place where Mosaic is put together, top to bottom: upstream clients, each call's stages, the
 * entity plans, and the routes. Owns the executors it creates.
 */
public final class Assembly implements AutoCloseable {

    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "mosaic-deadlines");
        t.setDaemon(true);
        return t;
    });
    private final MosaicConfig config;
    private final Map<String, EntityPlan> plans;

    private Assembly(MosaicConfig config, EnricherRegistry registry) {
        timer.setRemoveOnCancelPolicy(true);
        this.config = config;
        MosaicSettings settings = config.settings();
        Map<String, HttpUpstream> upstreams = new LinkedHashMap<>();
        settings.upstreams().forEach((name, upstream) -> upstreams.put(name, HttpUpstream.create(upstream)));

        Map<String, EntityPlan> built = new LinkedHashMap<>();
        for (EntitySettings entity : settings.entities().values()) {
            Fetch base = FetchStage.wrap(upstreams.get(entity.upstream()), callStages());
            List<Enricher> enrichers = new ArrayList<>();
            for (EnricherSettings enricher : config.enrichers().get(entity.type())) {
                Fetch fetch = FetchStage.wrap(upstreams.get(enricher.upstream()), callStages());
                try {
                    enrichers.add(registry.create(enricher, fetch));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigException(List.of(enricher.folder().resolve(EnricherFolders.FILE_NAME)
                            + ": transformer.config: " + e.getMessage()));
                }
            }
            built.put(entity.type(), new EntityPlan(entity.type(), entity.path(), base, entity.timeout(), enrichers));
        }
        this.plans = Map.copyOf(built);
    }

    /**
     * Build Mosaic from validated config.
     *
     * @throws InvalidConfigException when an enricher's transformer rejects its config
     */
    public static Assembly create(MosaicConfig config, EnricherRegistry registry) {
        return new Assembly(config, registry);
    }

    /** The stages around every upstream call, outermost first. */
    private List<FetchStage> callStages() {
        return List.of(new DeadlineStage(timer));
    }

    /** Register Mosaic's routes on a routing builder. */
    public void routing(HttpRouting.Builder routing) {
        MosaicSettings settings = config.settings();
        routing.register("/api", new EntityRoutes(plans, new Composer(fanOut), settings.ids(), settings.headers(),
                settings.userHeader(), settings.deadline()));
        ErrorHandling.register(routing);
    }

    public MosaicConfig config() {
        return config;
    }

    public Map<String, EntityPlan> plans() {
        return plans;
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
        timer.shutdownNow();
    }
}
