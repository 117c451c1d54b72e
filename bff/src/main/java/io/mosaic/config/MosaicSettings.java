package io.mosaic.config;

import io.helidon.config.Config;
import io.mosaic.core.HeaderPolicy;
import io.mosaic.core.IdPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code mosaic} config tree, typed and validated. Unknown keys are errors, reported with their path.
 *
 * @param deadline           the whole request's deadline
 * @param ids                which ids are accepted
 * @param userHeader         the trusted header carrying the user id, set by the edge or auth layer
 * @param headers            which client headers are forwarded upstream
 * @param enrichersDirectory the folder holding one sub-folder per enricher
 * @param upstreams          upstream services by name
 * @param entities           entity types by name
 * @param routing            composed or direct, per request
 * @param unleash            where flags come from
 * @param shutdown           graceful shutdown timing
 * @param accessLog          the per-request JSON log line
 * @param serverTiming       whether composed answers carry the upstream calls' timings
 * @param shadow             how shadow comparisons run
 */
public record MosaicSettings(Duration deadline, IdPolicy ids, String userHeader, HeaderPolicy headers,
                             Path enrichersDirectory, Map<String, UpstreamSettings> upstreams,
                             Map<String, EntitySettings> entities, RoutingSettings routing,
                             UnleashSettings unleash, ShutdownSettings shutdown,
                             AccessLogSettings accessLog, ServerTimingSettings serverTiming,
                             ShadowSettings shadow) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
    public static final String DEFAULT_USER_HEADER = "X-User-Id";
    public static final List<String> DEFAULT_FORWARD_HEADERS =
            List.of("Authorization", "Accept-Language", "X-Request-Id", "traceparent", "tracestate");
    public static final String DEFAULT_ENRICHERS_DIRECTORY = "enrichers";

    /**
     * Read {@code mosaic} from the root config.
     *
     * @param problems where every problem goes; the caller throws once all config is read
     */
    public static MosaicSettings create(Config root, ConfigProblems problems) {
        // Helidon reads server.* itself when the server starts, after Unleash has started: a bad port
        // (SERVER_PORT=80a) is reported here instead, with every other problem.
        ConfigReader.of(root.get("server"), "", problems).port("port", 0);
        ConfigReader mosaic = ConfigReader.of(root.get("mosaic"), "", problems)
                .allowOnly("config", "deadline", "id-pattern", "user-header", "forward-headers",
                        "enrichers-directory", "upstreams", "entities", "routing", "unleash", "shutdown", "access-log",
                        "server-timing", "shadow");
        IdPolicy ids = IdPolicy.matching(IdPolicy.DEFAULT_PATTERN);
        String idPattern = mosaic.string("id-pattern", IdPolicy.DEFAULT_PATTERN);
        try {
            ids = IdPolicy.matching(idPattern);
        } catch (PatternSyntaxException e) {
            problems.add(mosaic.where("id-pattern"), "not a regular expression: " + e.getDescription());
        }
        String userHeader = mosaic.string("user-header", DEFAULT_USER_HEADER);
        List<String> forwarded = new ArrayList<>(mosaic.strings("forward-headers", DEFAULT_FORWARD_HEADERS));
        forwarded.add(userHeader);
        HeaderPolicy headers = HeaderPolicy.allowing(List.of());
        try {
            headers = HeaderPolicy.allowing(forwarded);
        } catch (IllegalArgumentException e) {
            problems.add(mosaic.where("forward-headers"), e.getMessage());
        }

        Map<String, UpstreamSettings> upstreams = new LinkedHashMap<>();
        ConfigReader upstreamsNode = mosaic.child("upstreams");
        for (String name : upstreamsNode.childNames()) {
            upstreams.put(name, UpstreamSettings.create(name, upstreamsNode.child(name)));
        }
        Map<String, EntitySettings> entities = new LinkedHashMap<>();
        ConfigReader entitiesNode = mosaic.child("entities");
        for (String type : entitiesNode.childNames()) {
            EntitySettings entity = EntitySettings.create(type, entitiesNode.child(type));
            if (!upstreams.containsKey(entity.upstream())) {
                problems.add(entitiesNode.child(type).where("upstream"), "unknown upstream '" + entity.upstream()
                        + "'; configured upstreams are " + upstreams.keySet());
            }
            entities.put(type, entity);
        }
        if (entities.isEmpty()) {
            problems.add(mosaic.where("entities"), "at least one entity type is required");
        }
        return new MosaicSettings(mosaic.duration("deadline", DEFAULT_DEADLINE), ids, userHeader, headers,
                Path.of(mosaic.string("enrichers-directory", DEFAULT_ENRICHERS_DIRECTORY)),
                Map.copyOf(upstreams), java.util.Collections.unmodifiableMap(entities),
                RoutingSettings.create(mosaic.child("routing")), UnleashSettings.create(mosaic.child("unleash")),
                ShutdownSettings.create(mosaic.child("shutdown")),
                AccessLogSettings.create(mosaic.child("access-log")),
                ServerTimingSettings.create(mosaic.child("server-timing")),
                ShadowSettings.create(mosaic.child("shadow")));
    }
}
