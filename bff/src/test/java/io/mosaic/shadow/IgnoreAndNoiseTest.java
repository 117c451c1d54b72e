package io.mosaic.shadow;

import static io.mosaic.shadow.RulesFromYaml.comparison;
import static io.mosaic.shadow.RulesFromYaml.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IgnoreAndNoiseTest {

    private static List<String> paths(ComparisonResult result) {
        return result.mismatches().stream().map(Mismatch::path).toList();
    }

    @Test
    void anIgnoredPathAndEverythingUnderItAreNotCompared() {
        JsonComparison comparison = comparison("rules: { ignore: [/updatedAt, /meta] }");
        ComparisonResult result = comparison.compare(
                json("{\"id\": 1, \"updatedAt\": \"2024-01-01\", \"meta\": {\"a\": 1, \"b\": {\"c\": 2}}}"),
                json("{\"id\": 1, \"updatedAt\": \"2025-02-02\", \"meta\": {\"b\": []}}"));
        assertTrue(result.matches(), result.toString());
        assertTrue(comparison.compare(json("{\"id\": 1, \"meta\": 1}"), json("{\"id\": 1}")).matches());
    }

    @Test
    void aWildcardIgnoresThatMemberOfEveryElementAndNothingElse() {
        String rules = "rules:\n  ignore: [/steps/*/renderedAt]";
        String primary = """
                {"steps": [{"id": "a", "renderedAt": 1, "name": "x"}, {"id": "b", "renderedAt": 2, "name": "y"}]}
                """;
        String shadow = """
                {"steps": [{"id": "a", "renderedAt": 5, "name": "x"}, {"id": "b", "renderedAt": 6, "name": "Y"}]}
                """;
        assertEquals(List.of("/steps/1/name"), paths(comparison(rules).compare(json(primary), json(shadow))));

        JsonComparison keyed = comparison(rules + "\n  arrays: { /steps: { key: id } }");
        assertEquals(List.of("/steps/[id=b]/name"), paths(keyed.compare(json(primary), json(shadow))));
    }

    @Test
    void anIgnoredDescendantDoesNotHideTheAbsenceOfItsParent() {
        ComparisonResult result = comparison("rules: { ignore: [/meta/updatedAt] }")
                .compare(json("{\"meta\": {\"updatedAt\": 1}}"), json("{}"));
        assertEquals(List.of("/meta"), paths(result));
    }

    @Test
    void theNoiseBaselineIsTheSetOfNormalisedPathsThatDiffer() {
        JsonComparison comparison = JsonComparison.using(ComparisonRules.NONE);
        Noise noise = comparison.noise(
                json("{\"requestId\": \"r1\", \"steps\": [{\"at\": 1}, {\"at\": 2}, {\"at\": 3}], \"name\": \"same\"}"),
                json("{\"requestId\": \"r2\", \"steps\": [{\"at\": 4}, {\"at\": 5}, {\"at\": 6}], \"name\": \"same\"}"));
        assertEquals(Set.of("/requestId", "/steps/*/at"), noise.normalisedPaths());
    }

    @Test
    void theNoiseBaselineIsBoundedByDistinctPathsNotByMismatches() {
        JsonComparison comparison = comparison("rules: { max-mismatches: 2 }");
        Noise noise = comparison.noise(
                json("{\"steps\": [{\"at\": 1}, {\"at\": 2}, {\"at\": 3}], \"requestId\": \"r1\", \"z\": 1}"),
                json("{\"steps\": [{\"at\": 4}, {\"at\": 5}, {\"at\": 6}], \"requestId\": \"r2\", \"z\": 2}"));
        assertEquals(Set.of("/requestId", "/steps/*/at"), noise.normalisedPaths());
    }

    @Test
    void noiseIsLeftOutOfTheMismatches() {
        JsonComparison comparison = JsonComparison.using(ComparisonRules.NONE);
        Noise noise = new Noise(Set.of("/requestId", "/steps/*/at"));
        String primary = "{\"requestId\": \"p\", \"steps\": [{\"at\": 1, \"v\": 1}], \"name\": \"old\"}";
        String shadow = "{\"requestId\": \"s\", \"steps\": [{\"at\": 2, \"v\": 1}], \"name\": \"new\"}";

        assertEquals(List.of("/name"), paths(comparison.compare(json(primary), json(shadow), noise)));
        assertEquals(List.of("/name"), paths(comparison.compare(json(primary), json(shadow)).without(noise)));
    }

    @Test
    void aResultWithOnlyNoiseIsAMatch() {
        JsonComparison comparison = JsonComparison.using(ComparisonRules.NONE);
        Noise noise = new Noise(Set.of("/requestId"));
        ComparisonResult raw = comparison.compare(json("{\"requestId\": \"p\"}"), json("{\"requestId\": \"s\"}"));
        assertFalse(raw.matches());
        assertTrue(raw.without(noise).matches());
        assertTrue(comparison.compare(json("{\"requestId\": \"p\"}"), json("{\"requestId\": \"s\"}"), noise).matches());
    }

    @Test
    void noiseDoesNotCountTowardsTheCapWhenGivenToTheComparison() {
        JsonComparison comparison = comparison("rules: { max-mismatches: 2 }");
        Noise noise = new Noise(Set.of("/steps/*/at"));
        String primary = "{\"steps\": [{\"at\": 1}, {\"at\": 2}, {\"at\": 3}], \"name\": \"old\"}";
        String shadow = "{\"steps\": [{\"at\": 4}, {\"at\": 5}, {\"at\": 6}], \"name\": \"new\"}";

        ComparisonResult filteredWhileComparing = comparison.compare(json(primary), json(shadow), noise);
        assertEquals(List.of("/name"), paths(filteredWhileComparing));
        assertFalse(filteredWhileComparing.truncated());

        ComparisonResult filteredAfterwards = comparison.compare(json(primary), json(shadow)).without(noise);
        assertEquals(List.of(), filteredAfterwards.mismatches());
        assertTrue(filteredAfterwards.truncated());
        assertFalse(filteredAfterwards.matches());
    }

    @Test
    void noiseCoversItsExactPathOnly() {
        ComparisonResult result = JsonComparison.using(ComparisonRules.NONE).compare(
                json("{\"meta\": {\"x\": 1}}"), json("{\"meta\": {\"x\": 2}}"), new Noise(Set.of("/meta")));
        assertEquals(List.of("/meta/x"), paths(result));
    }

    @Test
    void noiseOfSeveralSamplesCanBeJoined() {
        Noise joined = new Noise(Set.of("/b", "/a")).union(new Noise(Set.of("/c", "/a")));
        assertEquals(List.of("/a", "/b", "/c"), List.copyOf(joined.normalisedPaths()));
        assertTrue(Noise.NONE.isEmpty());
    }
}
