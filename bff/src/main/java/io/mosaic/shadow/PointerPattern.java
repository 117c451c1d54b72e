package io.mosaic.shadow;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON pointer (RFC 6901) in which a segment that is exactly {@code *} matches any one segment: a member name,
 * an array index or a keyed element such as {@code [id=42]}. A pattern matches a path of the same length only.
 * A member literally named {@code *} cannot be addressed other than by the wildcard; empty segments and partial
 * wildcards ({@code /step*}) are rejected as likely typos.
 */
final class PointerPattern {

    static final String WILDCARD = "*";

    private final String text;
    private final List<String> segments;

    private PointerPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** @throws IllegalArgumentException with the reason when {@code text} is not a valid pattern */
    static PointerPattern parse(String text) {
        if (text.isEmpty()) {
            return new PointerPattern(text, List.of());
        }
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("must start with '/'");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("has an empty segment");
            }
            if (raw.contains(WILDCARD) && !raw.equals(WILDCARD)) {
                throw new IllegalArgumentException("a wildcard must be a whole segment, as in /steps/*/name");
            }
            segments.add(unescape(raw));
        }
        return new PointerPattern(text, segments);
    }

    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                out.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : ' ';
            if (next != '0' && next != '1') {
                throw new IllegalArgumentException("has '~' not followed by 0 or 1 (write ~0 for '~' and ~1 for '/')");
            }
            out.append(next == '0' ? '~' : '/');
            i++;
        }
        return out.toString();
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    boolean matches(PathTrail trail) {
        if (trail.depth() != segments.size()) {
            return false;
        }
        PathTrail at = trail;
        for (int i = segments.size() - 1; i >= 0; i--) {
            String segment = segments.get(i);
            if (!segment.equals(WILDCARD) && !segment.equals(at.segment())) {
                return false;
            }
            at = at.parent();
        }
        return true;
    }

    /** Whether some path matches both patterns. */
    boolean overlaps(PointerPattern other) {
        if (segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String mine = segments.get(i);
            String theirs = other.segments.get(i);
            if (!mine.equals(WILDCARD) && !theirs.equals(WILDCARD) && !mine.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
