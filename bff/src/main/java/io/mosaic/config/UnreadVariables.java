package io.mosaic.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Environment variables named like Mosaic config keys ({@code MOSAIC_*}) that set no key Mosaic reads.
 *
 * <p>{@link EnvironmentValues} looks an environment variable up only for a key that is asked for, so a misspelt one
 * ({@code MOSAIC_DEADLNE=PT1S}) never becomes a config node that the strict readers could refuse: it would do
 * nothing, without a word. Here every {@code MOSAIC_*} variable is read as the key it names, on top of the same
 * file and system properties, and the {@code mosaic} tree is read again strictly; each key it refuses is a
 * variable Mosaic does not read. They are warnings, not errors: a variable set outside the deployment, such as
 * the ones Kubernetes adds for a Service named {@code mosaic} ({@code MOSAIC_PORT},
 * {@code MOSAIC_SERVICE_HOST}), must not stop a replica from starting.
 */
public final class UnreadVariables {

    private static final Pattern NAME = Pattern.compile("MOSAIC_[A-Za-z0-9_]+");
    private static final String UPSTREAMS = "mosaic.upstreams.";
    private static final Pattern SERVICE_LINK = Pattern.compile("MOSAIC_(PORT|SERVICE_(HOST|PORT))(_.*)?");

    private static final System.Logger LOG = System.getLogger(UnreadVariables.class.getName());

    private UnreadVariables() {
    }

    /** Logs a warning for each variable {@link #find} returns; a failure to check is a warning too, never an error. */
    public static void warn(Map<String, String> env, Path file, List<String> skipped, Set<String> upstreams) {
        try {
            for (String unread : find(env, file, skipped, upstreams)) {
                LOG.log(System.Logger.Level.WARNING, "Environment variable " + unread + "; it is ignored");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not check the MOSAIC_* environment variables: " + e);
        }
    }

    /**
     * @param env      the process's environment variables
     * @param file     the config file Mosaic read
     * @param skipped  variables read by name rather than as a config key ({@code MOSAIC_CONFIG}, the Unleash
     *                 token's variable)
     * @param upstreams the upstreams Mosaic reads: those its config file names. A variable can change one of them
     *                 but not add one ({@code MOSAIC_UPSTREAMS_MONOLIT_URI} for {@code MONOLITH}), since Helidon
     *                 lists a map's entries from the file alone.
     * @return one line per variable that sets a key Mosaic does not read, naming the variable and why; empty
     *         when every {@code MOSAIC_*} variable sets a key Mosaic reads
     */
    public static List<String> find(Map<String, String> env, Path file, List<String> skipped, Set<String> upstreams) {
        Map<String, String> keys = new TreeMap<>();
        Map<String, String> variables = new TreeMap<>();
        env.forEach((name, value) -> {
            if (NAME.matcher(name).matches() && !skipped.contains(name)) {
                String key = key(name);
                keys.put(key, value);
                variables.put(key, name);
            }
        });
        if (keys.isEmpty()) {
            return List.of();
        }
        Config eager = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.systemProperties())
                .addSource(ConfigSources.file(file))
                .build();
        ConfigProblems problems = new ConfigProblems();
        MosaicSettings settings = MosaicSettings.create(eager, problems);
        List<String> found = new ArrayList<>();
        for (String upstream : settings.upstreams().keySet()) {
            if (!upstreams.contains(upstream)) {
                variables.forEach((key, name) -> {
                    if (key.startsWith(UPSTREAMS + upstream + ".")) {
                        found.add(name + " (" + key + "): no upstream '" + upstream + "' in the config file, so"
                                + " nothing reads it; the upstreams are " + new TreeSet<>(upstreams));
                    }
                });
            }
        }
        for (String problem : problems.all()) {
            String where = problem.substring(0, Math.max(0, problem.indexOf(": ")));
            variables.forEach((key, name) -> {
                if (key.equals(where) || key.startsWith(where + ".")) {
                    found.add(name + " (" + key + "): " + problem.substring(where.length() + 2)
                            + (SERVICE_LINK.matcher(name).matches() ? "; Kubernetes sets such a variable for a"
                            + " Service named mosaic unless the pod has enableServiceLinks: false" : ""));
                }
            });
        }
        return found;
    }

    /** The key a variable names the Helidon way: {@code MOSAIC_UNLEASH_APP_dash_NAME} is {@code mosaic.unleash.app-name}. */
    static String key(String variable) {
        return variable.replace("_dash_", "-").replace('_', '.').toLowerCase(Locale.ROOT);
    }
}
