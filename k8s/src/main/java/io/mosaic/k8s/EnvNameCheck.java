package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Every variable the container sets is one that Mosaic or its JVM reads: a Mosaic config key the Helidon way
 * ({@code MOSAIC_*}, judged key by key by {@link MosaicConfigCheck}), {@code SERVER_HOST} or {@code SERVER_PORT},
 * {@code MOSAIC_CONFIG}, the Unleash token variable ({@code mosaic.unleash.api-token-env}), or {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS}.
 * A variable nothing reads (a {@code LOG_LEVEL} that Mosaic ignores, say) is a setting that silently does nothing.
 */
final class EnvNameCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            if (pod.container().has("envFrom")) {
                problems.add(pod.where("envFrom"), "list Mosaic's variables by name under env, so that each can"
                        + " be checked against what Mosaic reads");
            }
            String tokenEnv = MosaicContract.tokenEnv(PodConfig.of(pod));
            for (var entry : pod.envEntries().entrySet()) {
                String problem = judge(entry.getKey(), tokenEnv);
                if (problem != null) {
                    problems.add(pod.where("env[" + entry.getKey() + "]"), problem);
                }
                JsonNode valueFrom = entry.getValue().path("valueFrom");
                if (valueFrom.has("fieldRef") && entry.getKey().endsWith("INSTANCE_dash_ID")
                        && !valueFrom.path("fieldRef").path("fieldPath").asText().equals("metadata.name")) {
                    problems.add(pod.where("env[" + entry.getKey() + "]"), "the instance id is the pod's name"
                            + " (fieldPath metadata.name)");
                }
            }
        });
    }

    /** Why Mosaic would not read a variable of this name; null when it does. */
    static String judge(String name, String tokenEnv) {
        if (name.equals(MosaicContract.CONFIG_FILE_ENV) || name.equals(tokenEnv)
                || MosaicContract.JVM_ENV.contains(name)) {
            return null;
        }
        String plain = name.replace("_dash_", "-");
        if (!plain.equals(plain.toUpperCase(Locale.ROOT)) || !plain.matches("[A-Z][A-Z0-9_-]*")) {
            return "not a Helidon config variable: upper case, '_' for '.', '_dash_' for '-'"
                    + " (e.g. MOSAIC_UNLEASH_APP_dash_NAME)";
        }
        if (plain.startsWith("MOSAIC_")) {
            return null;
        }
        if (plain.startsWith("SERVER_")) {
            String key = plain.substring("SERVER_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            return MosaicContract.SERVER_KEYS.contains(key) ? null : "server." + key + " is not a key Mosaic sets"
                    + " (Helidon ignores unknown server keys silently); Mosaic reads SERVER_HOST and SERVER_PORT";
        }
        return "Mosaic does not read " + name + ". It reads MOSAIC_* config keys, SERVER_HOST, SERVER_PORT, "
                + MosaicContract.CONFIG_FILE_ENV + " and " + tokenEnv
                + "; the JVM reads JAVA_TOOL_OPTIONS (the log level is in logging.properties)";
    }
}
