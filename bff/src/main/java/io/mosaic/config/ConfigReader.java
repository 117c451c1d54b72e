package io.mosaic.config;

import io.helidon.common.Size;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.mosaic.core.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one config node strictly: unknown keys and badly typed values are recorded in {@link ConfigProblems}
 * with their full key path, and a default is returned so reading can go on and report everything at once.
 */
public final class ConfigReader {

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*((?:[kmgtpe]i?)?b)?",
            Pattern.CASE_INSENSITIVE);

    private final Config node;
    private final String source;
    private final ConfigProblems problems;

    private ConfigReader(Config node, String source, ConfigProblems problems) {
        this.node = node;
        this.source = source;
        this.problems = problems;
    }

    /**
     * @param node     the node to read
     * @param source   where the node came from, prefixed to key paths in messages (e.g. a file name), or empty
     * @param problems where problems go
     */
    public static ConfigReader of(Config node, String source, ConfigProblems problems) {
        return new ConfigReader(node, source, problems);
    }

    public ConfigReader child(String key) {
        return new ConfigReader(node.get(key), source, problems);
    }

    public Config node() {
        return node;
    }

    public ConfigProblems problems() {
        return problems;
    }

    public boolean exists() {
        return node.exists();
    }

    /** The key path of this node, as a user would write it, with the source in front where there is one. */
    public String where(String key) {
        String path = node.key().toString();
        String full = path.isEmpty() ? key : (key.isEmpty() ? path : path + "." + key);
        return source.isEmpty() ? full : source + ": " + full;
    }

    /** Record each child key not in {@code known}. */
    public ConfigReader allowOnly(String... known) {
        Set<String> allowed = Set.of(known);
        if (node.type() == Config.Type.OBJECT) {
            for (Config child : node.asNodeList().orElse(List.of())) {
                if (!allowed.contains(child.name())) {
                    problems.add(where(child.name()), "unknown key; known keys are " + new TreeSet<>(allowed));
                }
            }
        } else if (node.exists() && node.type() != Config.Type.OBJECT) {
            problems.add(where(""), "must be an object");
        }
        return this;
    }

    /** Names of the children of an object node (e.g. the names in a map of upstreams). */
    public List<String> childNames() {
        if (!node.exists()) {
            return List.of();
        }
        if (node.type() != Config.Type.OBJECT) {
            problems.add(where(""), "must be an object");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        node.asNodeList().orElse(List.of()).forEach(c -> names.add(c.name()));
        return names;
    }

    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    public Optional<String> optionalString(String key) {
        Config value = node.get(key);
        if (!value.exists()) {
            return Optional.empty();
        }
        if (value.type() != Config.Type.VALUE) {
            problems.add(where(key), "must be a single value");
            return Optional.empty();
        }
        return value.asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
    }

    public String requiredString(String key) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            problems.add(where(key), "is required");
            return "";
        }
        return value.get();
    }

    public boolean bool(String key, boolean defaultValue) {
        return parse(key, defaultValue, "true or false", s -> switch (s.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    public int positiveInt(String key, int defaultValue) {
        int value = parse(key, defaultValue, "a whole number", Integer::parseInt);
        return kept(key, value, value > 0, "greater than 0", defaultValue);
    }

    /** A TCP port: 0 (any free port) to 65535. */
    public int port(String key, int defaultValue) {
        int value = parse(key, defaultValue, "a port number", Integer::parseInt);
        return kept(key, value, value >= 0 && value <= 65535, "a port number from 0 to 65535", defaultValue);
    }

    /** A number from 0 to 1, such as a sampling rate. */
    public double fraction(String key, double defaultValue) {
        double value = parse(key, defaultValue, "a number from 0 to 1", Double::parseDouble);
        return kept(key, value, value >= 0 && value <= 1, "a number from 0 to 1", defaultValue);
    }

    /**
     * An amount of memory in bytes: {@code 8 MB}, {@code 8MB}, {@code 8 mb}, {@code 8 MiB} (units are binary in
     * any case, as the JVM counts), or a plain number of bytes.
     */
    public long bytes(String key, long defaultValue) {
        long value = parse(key, defaultValue, "a size such as 8 MB or 512 KB", ConfigReader::sizeInBytes);
        return kept(key, value, value > 0, "greater than 0", defaultValue);
    }

    /**
     * A positive duration of at most {@link Deadline#LONGEST}. Mosaic counts durations in nanoseconds and adds some of
     * them up (a cache's ttl and its stale-while-revalidate window, a deadline and the clock): a longer one overflowed,
     * and failed every request or cache load that used it.
     */
    public Duration duration(String key, Duration defaultValue) {
        Duration value = parse(key, defaultValue, "an ISO-8601 duration such as PT2S or PT0.5S", Duration::parse);
        return kept(key, value, value.isPositive() && value.compareTo(Deadline.LONGEST) <= 0,
                "a positive duration of at most PT596523H (2^31 seconds, about 68 years)", defaultValue);
    }

    public URI uri(String key) {
        String raw = requiredString(key);
        if (raw.isEmpty()) {
            return URI.create("http://invalid.invalid");
        }
        try {
            URI uri = new URI(raw);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (Exception e) {
            problems.add(where(key), "must be an absolute http(s) URI, got " + shown(raw));
            return URI.create("http://invalid.invalid");
        }
    }

    /**
     * A list of strings; a single value is split at commas (as environment variables give lists). A single value
     * wins over a list from a lower source: Helidon keeps the node a list when the file has one, with the
     * environment variable's value on it, and {@code asList} would return the file's list.
     */
    public List<String> strings(String key, List<String> defaultValue) {
        Config value = node.get(key);
        if (!value.exists()) {
            return defaultValue;
        }
        try {
            if (value.type() == Config.Type.VALUE || value.hasValue()) {
                return Arrays.stream(value.asString().get().split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
            }
            return value.asList(String.class).get().stream().map(String::trim).toList();
        } catch (ConfigException e) {
            problems.add(where(key), "must be a list of strings");
            return defaultValue;
        }
    }

    /**
     * {@code 8 MB}, {@code 8MB}, {@code 8 mb} and {@code 8 MiB} are all 8 × 1024 × 1024 bytes, as the JVM counts
     * its heap: a unit is binary whatever its case (Helidon's {@link Size} would read lower-case units as
     * multiples of 1000). B, KB, MB, GB and so on, with or without the i; no unit means bytes.
     *
     * @throws IllegalArgumentException when it is not such a size
     */
    static long sizeInBytes(String text) {
        Matcher size = SIZE.matcher(text);
        if (!size.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        String unit = size.group(2) == null ? "" : size.group(2).toLowerCase(Locale.ROOT);
        String binary = unit.length() <= 1 ? "B" : Character.toUpperCase(unit.charAt(0)) + "iB";
        return Size.parse(size.group(1) + " " + binary).toBytes();
    }

    /**
     * A value as a problem shows it, in quotes, with what may hold a credential left out: the user info of a
     * URI (up to its last {@code @}) and a query ({@code ?} and after). The value may not be a valid URI at all.
     */
    static String shown(String value) {
        int authority = value.indexOf("//");
        int start = authority < 0 ? 0 : authority + 2;
        int at = value.lastIndexOf('@');
        String safe = at < start ? value : value.substring(0, start) + "***" + value.substring(at);
        int query = safe.indexOf('?');
        return "'" + (query < 0 ? safe : safe.substring(0, query) + "?***") + "'";
    }

    /** {@code value} when it {@code keeps} the rule; otherwise the problem is recorded and the default returned. */
    private <T> T kept(String key, T value, boolean keeps, String rule, T defaultValue) {
        if (!keeps) {
            problems.add(where(key), "must be " + rule);
            return defaultValue;
        }
        return value;
    }

    private <T> T parse(String key, T defaultValue, String expected, Function<String, T> parser) {
        Optional<String> raw = optionalString(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.get());
        } catch (RuntimeException e) {
            problems.add(where(key), "must be " + expected + ", got " + shown(raw.get()));
            return defaultValue;
        }
    }
}
