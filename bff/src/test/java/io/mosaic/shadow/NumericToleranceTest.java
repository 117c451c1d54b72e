package io.mosaic.shadow;

import static io.mosaic.shadow.RulesFromYaml.comparison;
import static io.mosaic.shadow.RulesFromYaml.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericToleranceTest {

    private static final JsonComparison EXACT = JsonComparison.using(ComparisonRules.NONE);
    private static final JsonComparison WITHIN_5_THOUSANDTHS = comparison("rules: { numeric-tolerance: 0.005 }");

    @Test
    void integersAndFloatsOfTheSameValueAreEqualWithoutTolerance() {
        ComparisonResult result = EXACT.compare(json("[1, 100, 0, 2.50]"),
                json("[1.0, 1e2, -0.0, 2.5]"));
        assertTrue(result.matches(), result.mismatches().stream().map(Mismatch::describeWithValues).toList().toString());
        assertTrue(EXACT.compare(IntNode.valueOf(3), DecimalNode.valueOf(new BigDecimal("3.000"))).matches());
    }

    @Test
    void withoutToleranceAnyDifferenceCounts() {
        ComparisonResult result = EXACT.compare(json("{\"price\": 0.1}"), json("{\"price\": 0.10000001}"));
        assertEquals(List.of("/price"), result.mismatches().stream().map(Mismatch::path).toList());
        assertEquals(MismatchKind.VALUE_DIFFERS, result.mismatches().getFirst().kind());
    }

    @Test
    void differencesUpToTheToleranceAreEqual() {
        assertTrue(WITHIN_5_THOUSANDTHS.compare(json("[10.0, 10, -3]"), json("[10.004, 9.996, -3.005]")).matches());
    }

    @Test
    void aDifferenceOfExactlyTheToleranceIsEqualAndAnyMoreIsNot() {
        assertTrue(WITHIN_5_THOUSANDTHS.compare(json("[10.0]"), json("[10.005]")).matches());
        ComparisonResult result = WITHIN_5_THOUSANDTHS.compare(json("[10.0, 1]"), json("[10.0051, 1]"));
        assertFalse(result.matches());
        assertEquals(List.of("/0"), result.mismatches().stream().map(Mismatch::path).toList());
    }

    @Test
    void toleranceDoesNotMakeANumberEqualToAString() {
        ComparisonResult result = WITHIN_5_THOUSANDTHS.compare(json("[1]"), json("[\"1\"]"));
        assertEquals(MismatchKind.TYPE_DIFFERS, result.mismatches().getFirst().kind());
    }
}
