package io.mosaic.observe;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The request id and W3C trace context of one request. The client's {@code X-Request-Id} is kept when it is
 * sane, else one is generated; it is echoed to the client and sent to every upstream. A valid
 * {@code traceparent} keeps its trace id and gets Mosaic's own span id as parent; without one a trace starts
 * here. {@code tracestate} travels unchanged.
 *
 * @param requestId   the request id
 * @param traceparent the traceparent to send upstream
 * @param tracestate  the client's tracestate, if any
 */
public record Correlation(String requestId, String traceparent, Optional<String> tracestate) {

    public static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);

    /** @param header the client's value of a header by name, or null */
    public static Correlation from(Function<String, String> header) {
        String id = header.apply(REQUEST_ID);
        String requestId = id != null && SANE_ID.matcher(id).matches() ? id : newRequestId();
        String incoming = header.apply("traceparent");
        var match = incoming == null ? null : TRACEPARENT.matcher(incoming.trim());
        String traceparent;
        Optional<String> tracestate = Optional.empty();
        if (match != null && match.matches() && !match.group(1).equals(ZERO_TRACE)) {
            traceparent = "00-" + match.group(1) + "-" + spanId() + "-" + match.group(3);
            tracestate = Optional.ofNullable(header.apply("tracestate")).filter(s -> !s.isBlank() && s.length() <= 512);
        } else {
            traceparent = "00-" + hex(16) + "-" + spanId() + "-01";
        }
        return new Correlation(requestId, traceparent, tracestate);
    }

    /** The forwarded headers plus the request id and trace context, by lower-case name. */
    public Map<String, String> addTo(Map<String, String> forwarded) {
        Map<String, String> headers = new HashMap<>(forwarded);
        headers.put("x-request-id", requestId);
        headers.put("traceparent", traceparent);
        headers.remove("tracestate");
        tracestate.ifPresent(state -> headers.put("tracestate", state));
        return headers;
    }

    /** A random UUID-shaped id; request ids need to be unique, not unguessable, so no SecureRandom per request. */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL)
                | 0x8000000000000000L).toString();
    }

    private static String spanId() {
        return hex(8);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
