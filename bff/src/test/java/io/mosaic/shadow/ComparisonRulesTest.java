package io.mosaic.shadow;

import static io.mosaic.shadow.RulesFromYaml.comparison;
import static io.mosaic.shadow.RulesFromYaml.json;
import static io.mosaic.shadow.RulesFromYaml.problems;
import static io.mosaic.shadow.RulesFromYaml.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.config.InvalidConfigException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonRulesTest {

    @Test
    void anAbsentNodeMeansNoRules() {
        assertSame(ComparisonRules.NONE, rules("other: 1"));
        assertEquals(BigDecimal.ZERO, ComparisonRules.NONE.numericTolerance());
        assertEquals(100, ComparisonRules.NONE.maxMismatches());
    }

    @Test
    void readsEveryKey() {
        ComparisonRules rules = rules("""
                rules:
                  ignore: [/updatedAt, /steps/*/renderedAt]
                  arrays:
                    /steps: { key: id }
                    /groups/*/members: { key: login }
                  numeric-tolerance: 0.001
                  max-mismatches: 20
                """);
        assertEquals("ComparisonRules[ignore=[/updatedAt, /steps/*/renderedAt], "
                + "arrays=[/groups/*/members by login, /steps by id], numeric-tolerance=0.001, max-mismatches=20]",
                rules.toString());
        assertEquals(new BigDecimal("0.001"), rules.numericTolerance());
        assertEquals(20, rules.maxMismatches());
    }

    @Test
    void ignoreMayBeOneCommaSeparatedValueAsFromAnEnvironmentVariable() {
        assertEquals("ComparisonRules[ignore=[/a, /b/*], arrays=[], numeric-tolerance=0, max-mismatches=100]",
                rules("rules: { ignore: \"/a, /b/*\" }").toString());
    }

    @Test
    void anUnknownKeyFailsWithItsPath() {
        assertEquals(List.of("rules.ignroe: unknown key; known keys are "
                        + "[arrays, ignore, max-mismatches, numeric-tolerance]"),
                problems("rules: { ignroe: [/a] }"));
        assertEquals(List.of("rules.arrays./steps.order: unknown key; known keys are [key]"),
                problems("rules: { arrays: { /steps: { key: id, order: any } } }"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> rules("rules: { tolerance: 1 }"));
        assertTrue(e.getMessage().contains("rules.tolerance: unknown key"), e.getMessage());
    }

    @Test
    void badIgnorePointersAreReportedWithTheKeyAndTheReason() {
        assertEquals(List.of(
                "rules.ignore: 'updatedAt' is not a JSON pointer pattern: must start with '/'",
                "rules.ignore: '/steps/step*' is not a JSON pointer pattern: "
                        + "a wildcard must be a whole segment, as in /steps/*/name",
                "rules.ignore: '/a~2b' is not a JSON pointer pattern: "
                        + "has '~' not followed by 0 or 1 (write ~0 for '~' and ~1 for '/')",
                "rules.ignore: '/steps/' is not a JSON pointer pattern: has an empty segment",
                "rules.ignore: the whole document ('') cannot be ignored"),
                problems("rules: { ignore: [updatedAt, \"/steps/step*\", \"/a~2b\", \"/steps/\", \"\"] }"));
    }

    @Test
    void badArrayEntriesAreReportedWithTheirPath() {
        assertEquals(List.of("rules.arrays.steps: 'steps' is not a JSON pointer pattern: must start with '/'"),
                problems("rules: { arrays: { steps: { key: id } } }"));
        assertEquals(List.of("rules.arrays./steps.key: is required"),
                problems("rules: { arrays: { /steps: { other: 1 } } }").subList(1, 2));
        assertEquals(List.of("rules.arrays./steps: must be an object"),
                problems("rules: { arrays: { /steps: id } }").subList(0, 1));
        assertEquals(List.of("rules.arrays: must be an object"),
                problems("rules: { arrays: [/steps] }"));
    }

    @Test
    void aDotInAnArrayPatternFailsInsteadOfBeingReadAsAnotherPath() {
        List<String> problems = problems("rules: { arrays: { \"/a.b/c\": { key: id } } }");
        assertTrue(problems.contains("rules.arrays./a.b/c: unknown key; known keys are [key]"), problems.toString());
    }

    @Test
    void pointerEscapesInAnArrayPatternAreReadAsInAPointer() {
        JsonComparison comparison = comparison("rules: { arrays: { \"/a~1b\": { key: id } } }");
        assertTrue(comparison.compare(json("{\"a/b\": [{\"id\": 1}, {\"id\": 2}]}"),
                json("{\"a/b\": [{\"id\": 2}, {\"id\": 1}]}")).matches());
    }

    @Test
    void patternsThatCanMatchTheSamePathMustShareTheirKey() {
        assertEquals(List.of("rules.arrays./steps/*: overlaps '/*/*', which is keyed by 'id'; an array has one key"),
                problems("rules: { arrays: { \"/*/*\": { key: id }, \"/steps/*\": { key: name } } }"));
        assertEquals(List.of(), problems("rules: { arrays: { \"/*/*\": { key: id }, \"/steps/*\": { key: id } } }"));
    }

    @Test
    void aNegativeOrNonNumericToleranceIsRejected() {
        assertEquals(List.of("rules.numeric-tolerance: must not be negative, got '-0.1'"),
                problems("rules: { numeric-tolerance: -0.1 }"));
        assertEquals(List.of("rules.numeric-tolerance: must be a decimal number, got 'small'"),
                problems("rules: { numeric-tolerance: small }"));
    }

    @Test
    void maxMismatchesMustBePositive() {
        assertEquals(List.of("rules.max-mismatches: must be greater than 0"), problems("rules: { max-mismatches: 0 }"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertEquals(3, problems("""
                rules:
                  ignore: [nope]
                  numeric-tolerance: -1
                  extra: true
                """).size());
    }
}
