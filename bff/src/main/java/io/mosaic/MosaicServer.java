package io.mosaic;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.mosaic.config.MosaicConfig;
import io.mosaic.routing.UnleashFlags;
import java.lang.System.Logger.Level;

/** A running Mosaic: the web server plus what {@link Assembly} built. */
public final class MosaicServer {

    private static final System.Logger LOG = System.getLogger(MosaicServer.class.getName());

    private final WebServer server;
    private final Assembly assembly;

    private MosaicServer(WebServer server, Assembly assembly) {
        this.server = server;
        this.assembly = assembly;
    }

    /**
     * Validate config, build and start.
     *
     * @throws io.mosaic.config.InvalidConfigException listing every config problem
     */
    public static MosaicServer start(Config root) {
        EnricherRegistry registry = EnricherRegistry.load();
        MosaicConfig config = MosaicConfig.load(root, registry::has);
        return start(root, config, registry, UnleashFlags.start(config.settings().unleash()));
    }

    /** Start with a given flag client, e.g. {@code FakeUnleash} in tests. */
    public static MosaicServer start(Config root, UnleashFlags flags) {
        EnricherRegistry registry = EnricherRegistry.load();
        return start(root, MosaicConfig.load(root, registry::has), registry, flags);
    }

    private static MosaicServer start(Config root, MosaicConfig config, EnricherRegistry registry, UnleashFlags flags) {
        Assembly assembly = Assembly.create(config, registry, flags);
        WebServer server = WebServer.builder()
                .config(root.get("server"))
                .routing(assembly::routing)
                .build()
                .start();
        LOG.log(Level.INFO, "Mosaic listening on http://" + root.get("server.host").asString().orElse("0.0.0.0")
                + ":" + server.port() + " with entity types " + config.settings().entities().keySet()
                + " and enrichers " + enricherNames(config));
        return new MosaicServer(server, assembly);
    }

    private static java.util.Map<String, java.util.List<String>> enricherNames(MosaicConfig config) {
        java.util.Map<String, java.util.List<String>> names = new java.util.LinkedHashMap<>();
        config.enrichers().forEach((type, list) -> names.put(type, list.stream().map(e -> e.name()).toList()));
        return names;
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        server.stop();
        assembly.close();
    }
}
