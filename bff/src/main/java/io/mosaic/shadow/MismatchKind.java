package io.mosaic.shadow;

/** How the primary and the shadow document differ at one path. The token is stable: it appears in metrics and logs. */
public enum MismatchKind {
    /** The shadow has a value where the primary has none (an explicit {@code null} counts as a value). */
    MISSING_IN_PRIMARY("missing-in-primary"),
    /** The primary has a value where the shadow has none (an explicit {@code null} counts as a value). */
    MISSING_IN_SHADOW("missing-in-shadow"),
    /** Both are of the same JSON type, but the strings, numbers or booleans differ. */
    VALUE_DIFFERS("value-differs"),
    /** The JSON types differ, e.g. a string against a number, or {@code null} against an object. */
    TYPE_DIFFERS("type-differs"),
    /** Two arrays compared in order have different lengths; elements past the shorter length are not compared. */
    LENGTH_DIFFERS("length-differs");

    private final String token;

    MismatchKind(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
