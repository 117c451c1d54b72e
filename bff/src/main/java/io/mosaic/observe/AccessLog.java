package io.mosaic.observe;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.mosaic.config.AccessLogSettings;
import io.mosaic.core.Degradation;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;

/**
 * One JSON line per request on the {@code io.mosaic.access} logger, written alone on its line to standard output
 * ({@link JsonLineHandler}): request id, type, path, status, duration, the longest upstream call (so that what
 * Mosaic itself added is {@code durationMs - slowestCallMs} when the calls ran in parallel) and the missing
 * enrichments with their reasons. The user id is left out, or hashed when configured.
 */
public final class AccessLog {

    private static final String LOGGER = "io.mosaic.access";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final AccessLogSettings settings;

    public AccessLog(AccessLogSettings settings) {
        this.settings = settings;
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(LOGGER);
        synchronized (AccessLog.class) {
            if (logger.getHandlers().length == 0) {
                logger.addHandler(new JsonLineHandler());
                logger.setUseParentHandlers(false);
            }
        }
    }

    /**
     * @param path         {@code composed}, {@code direct}, or {@code none} when the request was refused before routing
     * @param aborted      the answer broke off after its status went out, or the client went away before it was
     *                     written, and the connection was closed: the client got at most {@code status} and a
     *                     fragment of a body
     * @param slowestCall  the longest upstream call of the request in nanoseconds, 0 when none was recorded
     */
    public void write(Correlation correlation, String type, String path, int status, boolean aborted, long nanos,
                      long slowestCall, List<Degradation> degraded, Optional<String> user) {
        if (!settings.enabled() || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        String hashed = settings.user() == AccessLogSettings.UserField.HASH ? user.map(AccessLog::hash).orElse(null)
                : null;
        LOG.log(Level.INFO, line(Instant.now(), correlation.requestId(), type, path, status, aborted, nanos,
                slowestCall, degraded, hashed));
    }

    /** The JSON line, written by hand: a tree and a generator per request cost more than the line itself. */
    static String line(Instant now, String requestId, String type, String path, int status, boolean aborted,
                       long nanos, long slowestCall, List<Degradation> degraded, String hashedUser) {
        StringBuilder line = new StringBuilder(160).append("{\"ts\":\"").append(now).append('"');
        field(line, "requestId", requestId);
        field(line, "type", type);
        field(line, "path", path);
        line.append(",\"status\":").append(status);
        if (aborted) {
            line.append(",\"aborted\":true");
        }
        line.append(",\"durationMs\":").append(millis(nanos));
        if (slowestCall > 0) {
            line.append(",\"slowestCallMs\":").append(millis(slowestCall));
        }
        if (!degraded.isEmpty()) {
            line.append(",\"degraded\":[");
            for (int i = 0; i < degraded.size(); i++) {
                Degradation d = degraded.get(i);
                line.append(i == 0 ? "{" : ",{");
                string(line.append("\"enricher\":"), d.enricher());
                field(line, "reason", d.reason().token());
                d.fallback().ifPresent(f -> field(line, "fallback", f));
                line.append('}');
            }
            line.append(']');
        }
        if (hashedUser != null) {
            field(line, "user", hashedUser);
        }
        return line.append('}').toString();
    }

    /** Milliseconds with two decimals. */
    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static void field(StringBuilder line, String name, String value) {
        string(line.append(",\"").append(name).append("\":"), value);
    }

    private static void string(StringBuilder line, String value) {
        line.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, line);
        line.append('"');
    }

    /** Writes out the buffered lines; called when Mosaic stops. */
    public static void flush() {
        for (Handler handler : java.util.logging.Logger.getLogger(LOGGER).getHandlers()) {
            handler.flush();
        }
    }

    static String hash(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
