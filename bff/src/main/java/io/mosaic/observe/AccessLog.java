package io.mosaic.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.config.AccessLogSettings;
import io.mosaic.core.Degradation;
import io.mosaic.core.Json;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One JSON line per request on the {@code io.mosaic.access} logger, written alone on its line to standard output
 * ({@link JsonLineHandler}): request id, type, path, status, duration and the missing enrichments with their
 * reasons. The user id is left out, or hashed when configured.
 */
public final class AccessLog {

    private static final System.Logger LOG = System.getLogger("io.mosaic.access");

    private final AccessLogSettings settings;

    public AccessLog(AccessLogSettings settings) {
        this.settings = settings;
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.mosaic.access");
        synchronized (AccessLog.class) {
            if (logger.getHandlers().length == 0) {
                logger.addHandler(new JsonLineHandler());
                logger.setUseParentHandlers(false);
            }
        }
    }

    /**
     * @param path {@code composed}, {@code direct}, or {@code none} when the request was refused before routing
     */
    public void write(Correlation correlation, String type, String path, int status, long nanos,
                      List<Degradation> degraded, Optional<String> user) {
        if (!settings.enabled() || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        ObjectNode line = Json.mapper().createObjectNode()
                .put("ts", Instant.now().toString())
                .put("requestId", correlation.requestId())
                .put("type", type)
                .put("path", path)
                .put("status", status)
                .put("durationMs", Math.round(nanos / 10_000.0) / 100.0);
        if (!degraded.isEmpty()) {
            ArrayNode missing = line.putArray("degraded");
            for (Degradation d : degraded) {
                ObjectNode item = missing.addObject().put("enricher", d.enricher()).put("reason", d.reason().token());
                d.fallback().ifPresent(f -> item.put("fallback", f));
            }
        }
        if (settings.user() == AccessLogSettings.UserField.HASH) {
            user.ifPresent(u -> line.put("user", hash(u)));
        }
        LOG.log(Level.INFO, line.toString());
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
