package io.mosaic.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NoiseBaselineTest {

    @Test
    void noiseFromOneSampleIsLeftOutOfLaterComparisonsOfItsTypeOnly() {
        NoiseBaseline baseline = new NoiseBaseline(100);
        assertEquals(Noise.NONE, baseline.of("deployables"));
        baseline.learn("deployables", new Noise(Set.of("/updatedAt")));
        baseline.learn("deployables", Noise.NONE);
        baseline.learn("deployables", new Noise(Set.of("/steps/*/at")));
        assertEquals(Set.of("/updatedAt", "/steps/*/at"), baseline.of("deployables").normalisedPaths());
        assertEquals(Noise.NONE, baseline.of("widgets"));
    }

    @Test
    void aTypeStopsLearningOnceItHoldsMaxPaths() {
        NoiseBaseline baseline = new NoiseBaseline(2);
        baseline.learn("deployables", new Noise(Set.of("/a", "/b")));
        assertEquals(Set.of("/a", "/b"), baseline.learn("deployables", new Noise(Set.of("/c"))).normalisedPaths());
    }

    @Test
    void learnedNoiseSparesAComparisonThatWasNotSampled() {
        JsonComparison comparison = JsonComparison.using(ComparisonRules.NONE);
        NoiseBaseline baseline = new NoiseBaseline(100);
        baseline.learn("deployables", comparison.noise(RulesFromYaml.json("{\"at\": 1, \"n\": 1}"),
                RulesFromYaml.json("{\"at\": 2, \"n\": 1}")));
        ComparisonResult later = comparison.compare(RulesFromYaml.json("{\"at\": 3, \"n\": 1}"),
                RulesFromYaml.json("{\"at\": 4, \"n\": 1}"), baseline.of("deployables"));
        assertEquals(true, later.matches(), later.toString());
    }
}
