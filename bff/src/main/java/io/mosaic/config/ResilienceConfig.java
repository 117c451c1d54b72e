package io.mosaic.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.cache.CacheSettings;
import io.mosaic.core.Json;
import io.mosaic.resilience.ResilienceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the resilience blocks of an {@code enricher.yaml}: circuit breaker, fallback and cache. */
final class ResilienceConfig {

    /** The default number of concurrent calls an enricher's bulkhead allows. */
    static final int DEFAULT_MAX_CONCURRENT = 64;

    private ResilienceConfig() {
    }

    static ResilienceSettings circuitBreaker(ConfigReader config, Duration timeout) {
        config.allowOnly("enabled", "failure-rate", "slow-call-rate", "slow-call", "window", "minimum-calls",
                "open-for", "half-open-calls");
        return new ResilienceSettings(config.bool("enabled", true),
                percentage(config, "failure-rate", ResilienceSettings.DEFAULT_FAILURE_RATE),
                percentage(config, "slow-call-rate", ResilienceSettings.DEFAULT_SLOW_CALL_RATE),
                config.duration("slow-call", timeout),
                config.positiveInt("window", ResilienceSettings.DEFAULT_WINDOW),
                config.positiveInt("minimum-calls", ResilienceSettings.DEFAULT_MINIMUM_CALLS),
                config.duration("open-for", ResilienceSettings.DEFAULT_OPEN_FOR),
                config.positiveInt("half-open-calls", ResilienceSettings.DEFAULT_HALF_OPEN_CALLS));
    }

    private static float percentage(ConfigReader config, String key, float defaultValue) {
        int value = config.positiveInt(key, (int) defaultValue);
        if (value > 100) {
            config.problems().add(config.where(key), "must be a percentage from 1 to 100");
            return defaultValue;
        }
        return value;
    }

    /** {@code fallback}: a type alone ({@code fallback: monolith}) or {@code {type: static, value: '<json>'}}. */
    static FallbackSettings fallback(ConfigReader config) {
        if (!config.exists()) {
            return new FallbackSettings(FallbackSettings.Type.OMIT, Optional.empty());
        }
        String rawType;
        Optional<JsonNode> value = Optional.empty();
        if (config.node().type() == io.helidon.config.Config.Type.VALUE) {
            rawType = config.node().asString().orElse("");
        } else {
            config.allowOnly("type", "value");
            rawType = config.requiredString("type");
            Optional<String> json = config.optionalString("value");
            if (json.isPresent()) {
                try {
                    value = Optional.of(Json.parse(json.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    config.problems().add(config.where("value"), "must be a JSON document: " + e.getMessage());
                }
            }
        }
        FallbackSettings.Type type = FallbackSettings.Type.OMIT;
        try {
            type = FallbackSettings.Type.of(rawType);
        } catch (IllegalArgumentException e) {
            config.problems().add(config.where(config.node().type() == io.helidon.config.Config.Type.VALUE ? "" : "type"),
                    "must be one of omit, static, stale, monolith; got " + ConfigReader.shown(rawType));
        }
        if (type == FallbackSettings.Type.STATIC && value.isEmpty()) {
            config.problems().add(config.where("value"), "is required for a static fallback: a JSON document");
        } else if (type == FallbackSettings.Type.STATIC && value.get().isNull()) {
            // a null value is never merged, so the field would be absent while Mosaic-Degraded says fallback=static
            config.problems().add(config.where("value"), "must not be null: a static fallback of null leaves the"
                    + " field out; use fallback: omit for that");
        }
        return new FallbackSettings(type, value);
    }

    static Optional<CacheSettings> cache(ConfigReader config) {
        if (!config.exists()) {
            return Optional.empty();
        }
        config.allowOnly("enabled", "ttl", "max-size", "max-memory", "scope", "vary-headers", "not-found-ttl",
                "honour-cache-control", "stale-ttl", "stale-while-revalidate");
        if (!config.bool("enabled", true)) {
            return Optional.empty();
        }
        String rawScope = config.string("scope", CacheSettings.Scope.SHARED.token());
        CacheSettings.Scope scope = CacheSettings.Scope.SHARED;
        try {
            scope = CacheSettings.Scope.of(rawScope);
        } catch (IllegalArgumentException e) {
            config.problems().add(config.where("scope"),
                    "must be 'shared' or 'per-user', got " + ConfigReader.shown(rawScope));
        }
        Optional<Duration> notFound = config.optionalString("not-found-ttl")
                .map(raw -> config.duration("not-found-ttl", Duration.ofSeconds(1)));
        return Optional.of(new CacheSettings(config.duration("ttl", CacheSettings.DEFAULT_TTL),
                config.positiveInt("max-size", CacheSettings.DEFAULT_MAX_SIZE),
                config.bytes("max-memory", CacheSettings.DEFAULT_MAX_MEMORY), scope,
                config.strings("vary-headers", List.of()), notFound, config.bool("honour-cache-control", false),
                config.duration("stale-ttl", CacheSettings.DEFAULT_STALE_TTL),
                config.optionalString("stale-while-revalidate")
                        .map(raw -> config.duration("stale-while-revalidate", Duration.ZERO))));
    }
}
