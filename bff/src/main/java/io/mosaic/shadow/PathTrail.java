package io.mosaic.shadow;

/**
 * A concrete position in a document while it is walked: the last segment, linked back to the root. Segments are
 * kept unescaped; they are escaped as RFC 6901 asks ({@code ~} as {@code ~0}, {@code /} as {@code ~1}) only when
 * the path is rendered.
 */
final class PathTrail {

    static final PathTrail ROOT = new PathTrail(null, "", false, 0);

    private final PathTrail parent;
    private final String segment;
    private final boolean element;
    private final int depth;

    private PathTrail(PathTrail parent, String segment, boolean element, int depth) {
        this.parent = parent;
        this.segment = segment;
        this.element = element;
        this.depth = depth;
    }

    /** The member {@code name} of an object. */
    PathTrail field(String name) {
        return new PathTrail(this, name, false, depth + 1);
    }

    /** The element at {@code index} of an array compared in order. */
    PathTrail index(int index) {
        return new PathTrail(this, Integer.toString(index), true, depth + 1);
    }

    /** The element of a keyed array whose {@code keyField} has the value {@code keyText}: {@code [id=42]}. */
    PathTrail keyed(String keyField, String keyText) {
        return new PathTrail(this, "[" + keyField + "=" + keyText + "]", true, depth + 1);
    }

    PathTrail parent() {
        return parent;
    }

    String segment() {
        return segment;
    }

    int depth() {
        return depth;
    }

    /** The JSON pointer of this position, {@code ""} for the root. */
    String pointer() {
        return render(false);
    }

    /** The pointer with every array element segment, by index or by key, replaced by {@code *}. */
    String normalised() {
        return render(true);
    }

    private String render(boolean normalise) {
        String[] parts = new String[depth];
        PathTrail at = this;
        for (int i = depth - 1; i >= 0; i--) {
            parts[i] = normalise && at.element ? "*" : escape(at.segment);
            at = at.parent;
        }
        StringBuilder pointer = new StringBuilder();
        for (String part : parts) {
            pointer.append('/').append(part);
        }
        return pointer.toString();
    }

    /**
     * A rendered pointer with the key value of every keyed element hidden, {@code /steps/[id=*]/name}: a key is
     * entity data (an id, an e-mail address), which logs show only when asked to. A member name that merely looks
     * like a keyed segment is hidden too.
     */
    static String withoutKeyValues(String pointer) {
        StringBuilder redacted = new StringBuilder(pointer.length());
        for (String part : pointer.split("/", -1)) {
            if (!redacted.isEmpty() || !part.isEmpty()) {
                redacted.append('/');
            }
            int equals = part.indexOf('=');
            redacted.append(part.startsWith("[") && part.endsWith("]") && equals > 0
                    ? part.substring(0, equals + 1) + "*]" : part);
        }
        return redacted.toString();
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
