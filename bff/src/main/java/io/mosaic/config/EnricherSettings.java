package io.mosaic.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.cache.CacheSettings;
import io.mosaic.core.UriTemplate;
import io.mosaic.resilience.ResilienceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One enricher, from {@code enrichers/<folder>/enricher.yaml}.
 *
 * @param name              unique name, shown in {@code Mosaic-Degraded}; defaults to the folder name; matches
 *                          {@link #NAME} and is not {@value #RESERVED_NAME}
 * @param folder            the folder it was read from
 * @param entityTypes       the entity types it enriches
 * @param upstream          the upstream's name in {@code mosaic.upstreams}
 * @param path              the upstream path template: {@code {id}} and fields of the base entity
 * @param field             the one field it owns: a top-level name, or a JSON pointer for nesting
 * @param timeout           its own timeout, within what is left of the request deadline
 * @param required          when true, its failure fails the request (502, or 504 on timeout)
 * @param replaces          when true, it may overwrite a field the base already has
 * @param transformer       the {@link io.mosaic.enricher.TransformerProvider} name, if any
 * @param transformerConfig the transformer's config block (an empty object when absent)
 * @param flag              kill switch: when this Unleash flag is off for a request, the enricher is not called
 *                          ({@code reason=disabled}); an unknown flag counts as on
 * @param maxConcurrent     its bulkhead: concurrent calls allowed; one more is degraded with
 *                          {@code reason=bulkhead-full} at once
 * @param circuitBreaker    its circuit breaker
 * @param fallback          what serves when its call fails
 * @param cache             its cache, if enabled
 */
public record EnricherSettings(String name, Path folder, List<String> entityTypes, String upstream,
                               UriTemplate path, JsonPointer field, Duration timeout, boolean required,
                               boolean replaces, Optional<String> transformer, JsonNode transformerConfig,
                               Optional<String> flag, int maxConcurrent, ResilienceSettings circuitBreaker,
                               FallbackSettings fallback, Optional<CacheSettings> cache) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(800);

    /** What a name may be: it goes into {@code Mosaic-Degraded}, metric labels and bulkhead names as it is. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** The monolith's bulkheads and metrics are named {@code monolith:<type>}. */
    public static final String RESERVED_NAME = "monolith";

    static EnricherSettings create(Path folder, ConfigReader config) {
        config.allowOnly("name", "description", "owner", "entity-types", "upstream", "path", "field", "timeout",
                "required", "replaces", "transformer", "flag", "max-concurrent", "circuit-breaker", "fallback", "cache");
        String name = name(folder, config);
        List<String> types = config.strings("entity-types", List.of());
        if (types.isEmpty()) {
            config.problems().add(config.where("entity-types"), "is required: the entity types this enricher enriches");
        }
        ConfigReader transformer = config.child("transformer").allowOnly("name", "config");
        if (transformer.exists() && transformer.optionalString("name").isEmpty()) {
            transformer.problems().add(transformer.where("name"), "is required: the transformer to run, with its"
                    + " config");
        }
        Duration timeout = config.duration("timeout", DEFAULT_TIMEOUT);
        FallbackSettings fallback = ResilienceConfig.fallback(config.child("fallback"));
        Optional<CacheSettings> cache = ResilienceConfig.cache(config.child("cache"));
        if (fallback.type() == FallbackSettings.Type.STALE && cache.isEmpty()) {
            config.problems().add(config.where("fallback"), "a stale fallback needs a cache block");
        }
        return new EnricherSettings(name, folder, types,
                config.requiredString("upstream"),
                EntitySettings.template(config, "path", "/"),
                field(config),
                timeout,
                config.bool("required", false),
                config.bool("replaces", false),
                transformer.optionalString("name"),
                ConfigJson.toJson(transformer.node().get("config")),
                config.optionalString("flag"),
                config.positiveInt("max-concurrent", ResilienceConfig.DEFAULT_MAX_CONCURRENT),
                ResilienceConfig.circuitBreaker(config.child("circuit-breaker"), timeout),
                fallback, cache);
    }

    private static String name(Path folder, ConfigReader config) {
        String name = config.string("name", folder.getFileName().toString());
        String from = config.optionalString("name").isPresent() ? "" : " (the folder name, as name is not set)";
        if (!NAME.matcher(name).matches()) {
            config.problems().add(config.where("name"), "must be lower-case letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, got '" + name + "'" + from);
        } else if (name.equals(RESERVED_NAME)) {
            config.problems().add(config.where("name"), "'" + RESERVED_NAME + "' is reserved for the monolith's"
                    + " bulkheads and metrics" + from);
        }
        return name;
    }

    private static JsonPointer field(ConfigReader config) {
        String raw = config.requiredString("field");
        try {
            JsonPointer pointer = raw.startsWith("/") ? JsonPointer.compile(raw) : JsonPointer.empty().appendProperty(raw);
            if (pointer.matches() || raw.isEmpty() || raw.endsWith("/")) {
                throw new IllegalArgumentException("empty");
            }
            return pointer;
        } catch (IllegalArgumentException e) {
            config.problems().add(config.where("field"), "must be a field name or a JSON pointer such as /design/visual");
            return JsonPointer.compile("/invalid");
        }
    }
}
