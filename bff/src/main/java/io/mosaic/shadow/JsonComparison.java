package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Compares two JSON documents structurally under {@link ComparisonRules}: the primary (the answer the client gets)
 * and the shadow (the answer of the path under test). Immutable and safe to share between threads.
 *
 * <ul>
 *     <li>Objects are compared by member name; member order does not matter. A member present on one side only is
 *     {@code missing-in-primary} or {@code missing-in-shadow}, also when the other side has an explicit
 *     {@code null}: an absent member and a {@code null} one are different answers to a client.</li>
 *     <li>Arrays are compared in order, or by key where the rules say so. In order, a difference in length is one
 *     {@code length-differs} at the array, and the elements both have are compared index by index.</li>
 *     <li>Values of different JSON types are one {@code type-differs}; their insides are not compared further.</li>
 *     <li>Numbers are compared by value, within the rules' tolerance; strings and booleans exactly.</li>
 * </ul>
 *
 * <p>Paths are JSON pointers (RFC 6901). An element of an array compared in order has its index as segment
 * ({@code /tags/3}); an element of a keyed array has {@code [<key>=<value>]} ({@code /steps/[id=42]/name}), escaped
 * like any segment, so a key value {@code a/b} appears as {@code [id=a~1b]}. The normalised path replaces both
 * kinds of element segment by {@code *} ({@code /steps/*}{@code /name}); member names stay as they are. The root
 * is {@code ""}.
 *
 * <p>The work is bounded: at most the rules' {@code max-mismatches} are kept, and the walk keeps its own stack, so
 * deep documents cannot overflow the thread's stack. Documents parsed by Jackson are nested at most 1000 levels
 * (its default {@code StreamReadConstraints}); rendering a mismatch's values relies on that bound.
 */
public final class JsonComparison {

    private final ComparisonRules rules;

    private JsonComparison(ComparisonRules rules) {
        this.rules = rules;
    }

    public static JsonComparison using(ComparisonRules rules) {
        return new JsonComparison(Objects.requireNonNull(rules, "rules"));
    }

    public ComparisonRules rules() {
        return rules;
    }

    public ComparisonResult compare(JsonNode primary, JsonNode shadow) {
        return compare(primary, shadow, Noise.NONE);
    }

    /**
     * Compare, leaving out mismatches whose normalised path is noise. Noise is left out as it is found, so it does
     * not count towards {@code max-mismatches}.
     */
    public ComparisonResult compare(JsonNode primary, JsonNode shadow, Noise noise) {
        CappedMismatches mismatches = new CappedMismatches(rules.maxMismatches(), Objects.requireNonNull(noise));
        DocumentWalk.run(Objects.requireNonNull(primary, "primary"), Objects.requireNonNull(shadow, "shadow"),
                rules, mismatches);
        return mismatches.result();
    }

    /**
     * The noise baseline: the normalised paths at which two answers of the direct path for the same request differ,
     * under the same rules. At most {@code max-mismatches} distinct paths are gathered; beyond that some noise is
     * not known and shows up as mismatches, never the other way round.
     */
    public Noise noise(JsonNode directAnswer, JsonNode directAgain) {
        DistinctPaths paths = new DistinctPaths(rules.maxMismatches());
        DocumentWalk.run(Objects.requireNonNull(directAnswer, "directAnswer"),
                Objects.requireNonNull(directAgain, "directAgain"), rules, paths);
        return paths.noise();
    }
}
