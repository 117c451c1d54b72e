package io.mosaic.config;

import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode;
import io.helidon.config.spi.ConfigSource;
import io.helidon.config.spi.LazyConfigSource;
import java.util.Optional;

/**
 * Environment variables as values of the keys Mosaic asks for, and nothing more: {@code MOSAIC_DEADLINE} sets
 * {@code mosaic.deadline}, but no variable adds a key, an upstream or an entity of its own.
 *
 * <p>Since Helidon 4.5, its environment source also answers a key with an object made of every variable under
 * it, so listing {@code mosaic} listed {@code MOSAIC_DEMO_SKIP_BUILD} as {@code mosaic.demo}, and the strict
 * readers refused to start. Mosaic's rule stays what it was: a variable that names no key Mosaic reads, such as
 * the ones Kubernetes adds for a Service named {@code mosaic}, is a warning ({@link UnreadVariables}), never a
 * reason for a replica not to start.
 */
public final class EnvironmentValues implements ConfigSource, LazyConfigSource {

    private final LazyConfigSource variables;

    EnvironmentValues(LazyConfigSource variables) {
        this.variables = variables;
    }

    /** The process's environment variables, by Helidon's rules for naming keys. */
    public static EnvironmentValues create() {
        if (ConfigSources.environmentVariables() instanceof LazyConfigSource lazy) {
            return new EnvironmentValues(lazy);
        }
        throw new IllegalStateException("Helidon's environment source no longer looks keys up one by one");
    }

    @Override
    public Optional<ConfigNode> node(String key) {
        return variables.node(key).flatMap(ConfigNode::value).map(ConfigNode.ValueNode::create);
    }

    @Override
    public String description() {
        return "environment variables";
    }
}
