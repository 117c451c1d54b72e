package io.mosaic.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while reading config, so that startup reports all of them at once instead of
 * the first one only.
 */
public final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    /** Record a problem with the full key path (and file, where the key came from one). */
    public void add(String where, String message) {
        problems.add(where + ": " + message);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(problems);
    }

    /** Throw {@link InvalidConfigException} listing every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }
}
