package io.mosaic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.LogRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class UnreadVariablesTest {

    private static final Path SHIPPED = Path.of("..", "config", "application.yaml");
    private static final List<String> SKIPPED = List.of("MOSAIC_CONFIG", "UNLEASH_API_TOKEN");
    private static final Set<String> UPSTREAMS = Set.of("monolith", "designs", "translations");

    @Test
    void variablesForKeysMosaicReadsAreNotReported() {
        Map<String, String> env = Map.of(
                "MOSAIC_DEADLINE", "PT1S",
                "MOSAIC_UPSTREAMS_MONOLITH_URI", "http://legacy.internal:8080",
                "MOSAIC_FORWARD_dash_HEADERS", "X-Request-Id,traceparent",
                "MOSAIC_UNLEASH_APP_dash_NAME", "mosaic-eu",
                "MOSAIC_ENTITIES_DEPLOYABLES_ENRICHERS", "visual-design",
                "MOSAIC_SHUTDOWN_GRACE_dash_PERIOD", "PT10S",
                "MOSAIC_CONFIG", "config/application.yaml",
                "UNLEASH_API_TOKEN", "secret",
                "PATH", "/usr/bin");
        assertEquals(List.of(), UnreadVariables.find(env, SHIPPED, SKIPPED, UPSTREAMS));
    }

    @Test
    void aMisspeltVariableIsReportedWithTheKeyItNames() {
        List<String> found = UnreadVariables.find(Map.of("MOSAIC_DEADLNE", "PT1S", "MOSAIC_DEADLINE", "PT1S"),
                SHIPPED, SKIPPED, UPSTREAMS);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.getFirst().startsWith("MOSAIC_DEADLNE (mosaic.deadlne): unknown key"), found.getFirst());
    }

    @Test
    void aMisspeltNestedKeyIsReported() {
        List<String> found = UnreadVariables.find(Map.of("MOSAIC_SHUTDOWN_GRACE_PERIOD", "PT10S"), SHIPPED, SKIPPED,
                UPSTREAMS);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.getFirst().startsWith("MOSAIC_SHUTDOWN_GRACE_PERIOD (mosaic.shutdown.grace.period): "
                + "unknown key"), found.getFirst());
    }

    @Test
    void aMisspeltUpstreamIsReportedAlthoughItWouldBeAValidOne() {
        List<String> found = UnreadVariables.find(Map.of("MOSAIC_UPSTREAMS_MONOLIT_URI", "http://legacy.internal:8080"),
                SHIPPED, SKIPPED, UPSTREAMS);
        assertEquals(List.of("MOSAIC_UPSTREAMS_MONOLIT_URI (mosaic.upstreams.monolit.uri): no upstream 'monolit' in"
                + " the config file, so nothing reads it; the upstreams are [designs, monolith, translations]"), found);
    }

    @Test
    void kubernetesServiceLinksAreReportedWithTheirCause() {
        List<String> found = UnreadVariables.find(Map.of(
                "MOSAIC_SERVICE_HOST", "10.0.0.7",
                "MOSAIC_PORT", "tcp://10.0.0.7:80"), SHIPPED, SKIPPED, UPSTREAMS);
        assertEquals(2, found.size(), found.toString());
        found.forEach(line -> assertTrue(line.contains("enableServiceLinks: false"), line));
    }

    @Test
    void eachUnreadVariableIsAWarningAndNotAnError() {
        try (LogRecords logs = LogRecords.of(UnreadVariables.class.getName())) {
            UnreadVariables.warn(Map.of("MOSAIC_DEADLNE", "PT1S", "MOSAIC_ACESS_dash_LOG_ENABLED", "false"), SHIPPED,
                    SKIPPED, UPSTREAMS);
            assertTrue(logs.all().stream().allMatch(r -> r.getLevel() == Level.WARNING), "warnings only");
            List<String> messages = logs.all().stream().map(LogRecord::getMessage).toList();
            assertEquals(2, messages.size(), messages.toString());
            assertTrue(messages.stream().anyMatch(m -> m.startsWith("Environment variable MOSAIC_ACESS_dash_LOG_ENABLED"
                    + " (mosaic.acess-log.enabled): unknown key")), messages.toString());
            assertTrue(messages.stream().allMatch(m -> m.endsWith("; it is ignored")), messages.toString());
        }
    }
}
