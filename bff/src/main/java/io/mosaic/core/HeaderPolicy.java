package io.mosaic.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which client headers travel upstream: an allow-list, minus hop-by-hop headers (RFC 9110 §7.6.1), which are
 * never forwarded, including any header the client names in its {@code Connection} header.
 */
public final class HeaderPolicy {

    /** Headers that describe one connection and must never be forwarded. */
    public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length");

    private final Set<String> allowed;

    private HeaderPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    /**
     * @param allowList header names to forward, any case
     * @throws IllegalArgumentException when the list names a hop-by-hop header
     */
    public static HeaderPolicy allowing(Collection<String> allowList) {
        Set<String> lower = new LinkedHashSet<>();
        for (String name : allowList) {
            String key = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(key)) {
                throw new IllegalArgumentException("'" + name + "' is a hop-by-hop header and is never forwarded");
            }
            lower.add(key);
        }
        return new HeaderPolicy(Set.copyOf(lower));
    }

    /** Whether a client header of this name, any case, travels upstream (unless the client's Connection names it). */
    public boolean forwards(String name) {
        return allowed.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Pick the headers to forward.
     *
     * @param header returns the client's value for a lower-case header name, or {@code null}
     * @return the forwarded headers by lower-case name
     */
    public Map<String, String> select(Function<String, String> header) {
        Set<String> connectionNamed = Set.of();
        String connection = header.apply("connection");
        if (connection != null) {
            connectionNamed = new LinkedHashSet<>();
            for (String token : connection.split(",")) {
                connectionNamed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, String> selected = new HashMap<>();
        for (String name : allowed) {
            String value = header.apply(name);
            if (value != null && !connectionNamed.contains(name)) {
                selected.put(name, value);
            }
        }
        return selected;
    }
}
