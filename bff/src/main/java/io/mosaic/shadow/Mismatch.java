package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One difference between the primary and the shadow document.
 *
 * <p>The values are the nodes of the compared documents, not copies, so a mismatch stays cheap however large the
 * subtree; the documents must not be changed after they were compared. {@link #toString()} is redacted, so that
 * logging a mismatch by accident shows no data.
 *
 * @param path           the concrete JSON pointer, e.g. {@code /steps/[id=42]/name} or {@code /tags/3}
 * @param normalisedPath the path with every array element replaced by {@code *}, e.g. {@code /steps/*}{@code /name};
 *                       its cardinality follows the schema, not the data, so it can be a metric label
 * @param kind           how the documents differ there
 * @param primary        the primary's value, a {@link com.fasterxml.jackson.databind.node.MissingNode} if absent
 * @param shadow         the shadow's value, a {@link com.fasterxml.jackson.databind.node.MissingNode} if absent
 */
public record Mismatch(String path, String normalisedPath, MismatchKind kind, JsonNode primary, JsonNode shadow) {

    public Mismatch {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(normalisedPath, "normalisedPath");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(shadow, "shadow");
    }

    /**
     * The mismatch without its values, only their types and sizes, and without the key values in its path:
     * {@code value-differs at /steps/[id=*]/name: primary string(5 chars), shadow string(4 chars)}.
     */
    public String describe() {
        return describe(PathTrail.withoutKeyValues(path), ValueSummary.redacted(primary),
                ValueSummary.redacted(shadow));
    }

    /**
     * The mismatch with its values as JSON, each cut after 200 characters:
     * {@code value-differs at /name: primary "Alpha", shadow "Beta"}. Only for logs allowed to hold entity data.
     */
    public String describeWithValues() {
        return describe(path, ValueSummary.shown(primary), ValueSummary.shown(shadow));
    }

    private String describe(String at, String primaryText, String shadowText) {
        return kind.token() + " at " + (at.isEmpty() ? "the root" : at)
                + ": primary " + primaryText + ", shadow " + shadowText;
    }

    /** Redacted, as {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }
}
