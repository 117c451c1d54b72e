package io.mosaic.config;

import io.mosaic.core.UriTemplate;
import io.mosaic.shadow.ComparisonRules;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entity type served at {@code GET /api/<type>/{id}}: {@code mosaic.entities.<type>}.
 *
 * @param type       the entity type as it appears in the URL
 * @param upstream   the monolith upstream's name
 * @param path       the monolith path template; Mosaic adds {@code ?skipExternal=true|false}
 * @param timeout    the monolith call's own timeout, within the request deadline
 * @param baseFields the top-level fields the monolith returns with {@code skipExternal=true}; an enricher may
 *                   own one of them only if it declares {@code replaces: true}
 * @param enrichers  the enrichers to run, in output order; empty means every enricher that names this type,
 *                   in name order
 * @param flag       overrides {@code mosaic.routing.flag} for this type
 * @param maxConcurrent the monolith bulkhead for this type: concurrent calls allowed, on both paths; one more
 *                   gets 503 with {@code Retry-After}
 * @param shadow     how shadow comparisons of this type compare the two answers
 */
public record EntitySettings(String type, String upstream, UriTemplate path, Duration timeout,
                             List<String> baseFields, Optional<List<String>> enrichers, Optional<String> flag,
                             int maxConcurrent, ComparisonRules shadow) {

    public static final int DEFAULT_MAX_CONCURRENT = 256;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    static EntitySettings create(String type, ConfigReader config) {
        config.allowOnly("upstream", "path", "timeout", "base-fields", "enrichers", "flag", "max-concurrent", "shadow");
        UriTemplate path = template(config, "path", "/" + type + "/{id}");
        if (!path.variables().equals(java.util.Set.of("id"))) {
            config.problems().add(config.where("path"), "must use exactly the variable {id}");
        }
        return new EntitySettings(type,
                config.string("upstream", "monolith"),
                path,
                config.duration("timeout", DEFAULT_TIMEOUT),
                config.strings("base-fields", List.of()),
                config.exists() && config.node().get("enrichers").exists()
                        ? Optional.of(config.strings("enrichers", List.of())) : Optional.empty(),
                config.optionalString("flag"),
                config.positiveInt("max-concurrent", DEFAULT_MAX_CONCURRENT),
                ComparisonRules.create(config.child("shadow")));
    }

    static UriTemplate template(ConfigReader config, String key, String defaultValue) {
        String raw = config.string(key, defaultValue);
        try {
            return UriTemplate.compile(raw);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage().replaceFirst(" in '.*'$", "");
            config.problems().add(config.where(key), "invalid template " + ConfigReader.shown(raw) + ": " + reason);
            return UriTemplate.compile(defaultValue);
        }
    }
}
