package io.mosaic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode;
import io.helidon.config.spi.LazyConfigSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentValuesTest {

    private static final Map<String, String> FILE = Map.of(
            "mosaic.deadline", "PT2S",
            "mosaic.upstreams.monolith.uri", "http://monolith:8080");

    /**
     * Answers as Helidon 4.5's environment source does with {@code MOSAIC_DEADLINE=PT1S},
     * {@code MOSAIC_DEMO_SKIP_BUILD=true} and {@code MOSAIC_UPSTREAMS_MONOLIT_URI=http://typo}: a key with a
     * variable of its own is a value, and a key with variables under it an object of them.
     */
    private static final LazyConfigSource VARIABLES = key -> switch (key) {
        case "mosaic.deadline" -> Optional.of(ConfigNode.ValueNode.create("PT1S"));
        case "mosaic" -> Optional.of(ConfigNode.ObjectNode.builder()
                .addValue("deadline", "PT1S")
                .addValue("demo.skip.build", "true")
                .addValue("upstreams.monolit.uri", "http://typo")
                .build());
        case "mosaic.upstreams" -> Optional.of(ConfigNode.ObjectNode.builder()
                .addValue("monolit.uri", "http://typo").build());
        case "mosaic.demo" -> Optional.of(ConfigNode.ObjectNode.builder().addValue("skip.build", "true").build());
        case "mosaic.shutdown" -> Optional.of(ConfigNode.ObjectNode.builder()
                .value("now").addValue("grace-period", "PT1S").build());
        default -> Optional.empty();
    };

    private static final Config CONFIG = Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .addSource(new EnvironmentValues(VARIABLES))
            .addSource(ConfigSources.create(FILE))
            .build();

    @Test
    void aVariableSetsTheKeyItNames() {
        assertEquals("PT1S", CONFIG.get("mosaic.deadline").asString().get());
        assertEquals("http://monolith:8080", CONFIG.get("mosaic.upstreams.monolith.uri").asString().get());
    }

    @Test
    void variablesAddNoKeysOfTheirOwn() {
        Config mosaic = CONFIG.get("mosaic");
        assertEquals(List.of("deadline", "upstreams"), mosaic.asNodeList().get().stream().map(Config::name).sorted()
                .toList());
        assertEquals(List.of("monolith"), mosaic.get("upstreams").asNodeList().get().stream().map(Config::name)
                .toList());
        assertFalse(mosaic.get("demo").exists());
    }

    @Test
    void aKeyWithAValueAndVariablesUnderItKeepsItsValue() {
        ConfigNode shutdown = new EnvironmentValues(VARIABLES).node("mosaic.shutdown").orElseThrow();
        assertEquals(Optional.of("now"), shutdown.value());
        assertEquals(ConfigNode.NodeType.VALUE, shutdown.nodeType());
    }

    @Test
    void theProcessEnvironmentIsLookedUpKeyByKey() {
        // no variable of this test's process names this key; Helidon's source must still be one that looks keys up
        assertEquals(Optional.empty(), EnvironmentValues.create().node("mosaic.no-such-key-in-any-environment"));
    }
}
