package io.mosaic.shadow;

import io.helidon.config.Config;
import io.mosaic.config.ConfigReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the documents of one entity type are compared. Read with {@link #create(ConfigReader)} from a node such as:
 *
 * <pre>{@code
 * ignore: [/updatedAt, /steps/*}{@code /renderedAt]
 * arrays:
 *   /steps: { key: id }
 *   /steps/*}{@code /owners: { key: login }
 * numeric-tolerance: 0.001
 * max-mismatches: 100
 * }</pre>
 *
 * <ul>
 *     <li>{@code ignore}: JSON pointers in which a {@code *} segment matches any one segment; a matched path and
 *     everything under it is not compared. The root ({@code ""}) cannot be ignored.</li>
 *     <li>{@code arrays}: arrays compared as sets of objects matched by the value of a key field, regardless of
 *     order, at paths given as pointer patterns. An element then has the path segment {@code [<key>=<value>]}.
 *     An array whose elements cannot all be keyed (an element is not an object, its key is missing, null or not a
 *     scalar, or a key repeats) is compared in order instead. Two patterns that can match the same path must use
 *     the same key. Arrays not listed are compared in order.</li>
 *     <li>{@code numeric-tolerance}: numbers whose absolute difference is at most this are equal; default 0.
 *     Numbers are compared by value, so {@code 1} and {@code 1.0} are equal even with no tolerance.</li>
 *     <li>{@code max-mismatches}: the comparison stops after this many mismatches and says it was truncated;
 *     default {@value #DEFAULT_MAX_MISMATCHES}.</li>
 * </ul>
 *
 * <p>The {@code arrays} patterns are config keys, and a config key cannot hold a {@code .}: a pattern with a dot
 * is split by the config reader and fails as an unknown key. The JSON pointer escapes {@code ~0} and {@code ~1}
 * are read as in a pointer.
 */
public final class ComparisonRules {

    public static final int DEFAULT_MAX_MISMATCHES = 100;
    public static final BigDecimal DEFAULT_NUMERIC_TOLERANCE = BigDecimal.ZERO;

    /** Compare everything, arrays in order, numbers by exact value. */
    public static final ComparisonRules NONE =
            new ComparisonRules(List.of(), List.of(), DEFAULT_NUMERIC_TOLERANCE, DEFAULT_MAX_MISMATCHES);

    /** An array path pattern and the member that keys its elements. */
    private record KeyedArray(PointerPattern pattern, String keyField) {
    }

    private final List<PointerPattern> ignored;
    private final List<KeyedArray> keyedArrays;
    private final BigDecimal numericTolerance;
    private final int maxMismatches;

    private ComparisonRules(List<PointerPattern> ignored, List<KeyedArray> keyedArrays, BigDecimal numericTolerance,
                            int maxMismatches) {
        this.ignored = List.copyOf(ignored);
        this.keyedArrays = List.copyOf(keyedArrays);
        this.numericTolerance = numericTolerance;
        this.maxMismatches = maxMismatches;
    }

    /**
     * Read the rules at {@code node}; an absent node gives {@link #NONE}. Every problem goes to the reader's
     * {@link io.mosaic.config.ConfigProblems} with its key path, and the rules read so far are returned without the
     * broken entries, so that reading can go on; the caller throws once all config is read.
     */
    public static ComparisonRules create(ConfigReader node) {
        if (!node.exists()) {
            return NONE;
        }
        node.allowOnly("ignore", "arrays", "numeric-tolerance", "max-mismatches");
        return new ComparisonRules(ignored(node), keyedArrays(node.child("arrays")), numericTolerance(node),
                node.positiveInt("max-mismatches", DEFAULT_MAX_MISMATCHES));
    }

    private static List<PointerPattern> ignored(ConfigReader node) {
        List<PointerPattern> ignored = new ArrayList<>();
        for (String text : node.strings("ignore", List.of())) {
            pattern(node, "ignore", text).ifPresent(pattern -> {
                if (pattern.isRoot()) {
                    node.problems().add(node.where("ignore"), "the whole document ('') cannot be ignored");
                } else {
                    ignored.add(pattern);
                }
            });
        }
        return ignored;
    }

    private static List<KeyedArray> keyedArrays(ConfigReader arrays) {
        List<KeyedArray> keyed = new ArrayList<>();
        for (String name : arrays.childNames().stream().sorted().toList()) {
            String escaped = Config.Key.escapeName(name);
            ConfigReader entry = arrays.child(escaped).allowOnly("key");
            String keyField = entry.requiredString("key");
            Optional<PointerPattern> pattern = pattern(entry, "", escaped);
            if (keyField.isEmpty() || pattern.isEmpty()) {
                continue;
            }
            KeyedArray candidate = new KeyedArray(pattern.get(), keyField);
            keyed.stream()
                    .filter(other -> other.pattern().overlaps(candidate.pattern())
                            && !other.keyField().equals(candidate.keyField()))
                    .findFirst()
                    .ifPresentOrElse(other -> entry.problems().add(entry.where(""), "overlaps '" + other.pattern()
                                    + "', which is keyed by '" + other.keyField() + "'; an array has one key"),
                            () -> keyed.add(candidate));
        }
        return keyed;
    }

    private static Optional<PointerPattern> pattern(ConfigReader node, String key, String text) {
        try {
            return Optional.of(PointerPattern.parse(text));
        } catch (IllegalArgumentException e) {
            node.problems().add(node.where(key), "'" + text + "' is not a JSON pointer pattern: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static BigDecimal numericTolerance(ConfigReader node) {
        Optional<String> raw = node.optionalString("numeric-tolerance");
        if (raw.isEmpty()) {
            return DEFAULT_NUMERIC_TOLERANCE;
        }
        try {
            BigDecimal tolerance = new BigDecimal(raw.get());
            if (tolerance.signum() < 0) {
                node.problems().add(node.where("numeric-tolerance"), "must not be negative, got '" + raw.get() + "'");
                return DEFAULT_NUMERIC_TOLERANCE;
            }
            return tolerance;
        } catch (NumberFormatException e) {
            node.problems().add(node.where("numeric-tolerance"), "must be a decimal number, got '" + raw.get() + "'");
            return DEFAULT_NUMERIC_TOLERANCE;
        }
    }

    public BigDecimal numericTolerance() {
        return numericTolerance;
    }

    public int maxMismatches() {
        return maxMismatches;
    }

    boolean ignores(PathTrail trail) {
        for (PointerPattern pattern : ignored) {
            if (pattern.matches(trail)) {
                return true;
            }
        }
        return false;
    }

    /** The key field of the array at {@code trail}, if it is configured as keyed. */
    Optional<String> arrayKey(PathTrail trail) {
        for (KeyedArray keyed : keyedArrays) {
            if (keyed.pattern().matches(trail)) {
                return Optional.of(keyed.keyField());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ComparisonRules[ignore=" + ignored
                + ", arrays=" + keyedArrays.stream().map(k -> k.pattern() + " by " + k.keyField())
                        .collect(Collectors.joining(", ", "[", "]"))
                + ", numeric-tolerance=" + numericTolerance.toPlainString()
                + ", max-mismatches=" + maxMismatches + "]";
    }
}
