package io.mosaic.core;

import java.util.regex.Pattern;

/** Which entity ids are accepted. {@code .} and {@code ..} never are, whatever the pattern says. */
public final class IdPolicy {

    public static final String DEFAULT_PATTERN = "[A-Za-z0-9._-]{1,128}";

    private final Pattern pattern;

    private IdPolicy(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws java.util.regex.PatternSyntaxException when the pattern is not a regular expression */
    public static IdPolicy matching(String regex) {
        return new IdPolicy(Pattern.compile(regex));
    }

    public boolean accepts(String id) {
        return id != null && !id.equals(".") && !id.equals("..") && pattern.matcher(id).matches();
    }

    public String pattern() {
        return pattern.pattern();
    }
}
