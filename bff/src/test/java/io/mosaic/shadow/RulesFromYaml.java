package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.mosaic.config.ConfigProblems;
import io.mosaic.config.ConfigReader;
import io.mosaic.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Rules read from a YAML snippet whose top key is {@code rules}, as the service reads them, and JSON documents. */
final class RulesFromYaml {

    private RulesFromYaml() {
    }

    /** The rules, failing the test if the snippet has any problem. */
    static ComparisonRules rules(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        ComparisonRules rules = read(yaml, problems);
        problems.throwIfAny();
        return rules;
    }

    static JsonComparison comparison(String yaml) {
        return JsonComparison.using(rules(yaml));
    }

    static List<String> problems(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        read(yaml, problems);
        return problems.all();
    }

    static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ComparisonRules read(String yaml, ConfigProblems problems) {
        Config root = Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML));
        return ComparisonRules.create(ConfigReader.of(root.get("rules"), "", problems));
    }
}
