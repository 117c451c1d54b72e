package io.mosaic.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path template such as {@code /designs/{id}} or {@code /owners/{ownerId}/avatar}, compiled once at startup.
 * Variable values are percent-encoded as a single path segment, so a value can never add a path segment,
 * a query or a fragment: {@code ../admin} becomes {@code ..%2Fadmin}.
 */
public final class UriTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String source;
    private final List<String> literals;
    private final List<String> variables;
    private final Set<String> names;

    private UriTemplate(String source, List<String> literals, List<String> variables) {
        this.source = source;
        this.literals = literals;
        this.variables = variables;
        this.names = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(variables));
    }

    /**
     * Compile a template.
     *
     * @throws IllegalArgumentException when it does not start with {@code /} or has unbalanced braces
     */
    public static UriTemplate compile(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("must start with '/'");
        }
        List<String> literals = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            literals.add(literal(template.substring(last, m.start())));
            variables.add(m.group(1));
            last = m.end();
        }
        literals.add(literal(template.substring(last)));
        return new UriTemplate(template, List.copyOf(literals), List.copyOf(variables));
    }

    private static String literal(String text) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unbalanced or invalid variable in '" + text + "'");
        }
        return text;
    }

    /** The distinct variable names, in order of first use. */
    public Set<String> variables() {
        return names;
    }

    /** Whether {@code name} is the only variable it uses, if any (checked per request: no allocation). */
    public boolean usesOnly(String name) {
        for (int i = 0; i < variables.size(); i++) {
            if (!variables.get(i).equals(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Expand with values looked up by name.
     *
     * @param values returns the raw (unencoded) value of a variable, or {@code null} when it has none
     * @throws MissingVariableException when a value is missing, or is {@code .} or {@code ..}
     */
    public String expand(Function<String, String> values) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (int i = 0; i < variables.size(); i++) {
            out.append(literals.get(i));
            String name = variables.get(i);
            String value = values.apply(name);
            if (value == null || value.isEmpty() || value.equals(".") || value.equals("..")) {
                throw new MissingVariableException(name);
            }
            encodeSegment(value, out);
        }
        out.append(literals.getLast());
        return out.toString();
    }

    /** Percent-encode everything but RFC 3986 unreserved characters. */
    static void encodeSegment(String value, StringBuilder out) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    @Override
    public String toString() {
        return source;
    }

    /** A template variable had no usable value. */
    public static final class MissingVariableException extends RuntimeException {
        private final String variable;

        public MissingVariableException(String variable) {
            super("no usable value for {" + variable + "}", null, false, false);
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
