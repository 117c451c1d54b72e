package io.mosaic.config;

import java.net.URI;
import java.time.Duration;

/**
 * One upstream service: {@code mosaic.upstreams.<name>}.
 *
 * @param name           the name enrichers and entity types refer to
 * @param uri            base URI, e.g. {@code http://127.0.0.1:8081}
 * @param connectTimeout TCP connect timeout
 * @param maxBodyBytes   answers larger than this are not read further and count as bad responses
 * @param maxIdleConnections keep-alive connections kept open for reuse
 * @param idleTimeout    an idle connection older than this is closed instead of reused; keep it below the
 *                       upstream's own keep-alive timeout
 */
public record UpstreamSettings(String name, URI uri, Duration connectTimeout, int maxBodyBytes,
                               int maxIdleConnections, Duration idleTimeout) {

    public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 64;
    /** Below the shortest common server keep-alive timeout (Node.js: 5 s). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(4);

    /** An upstream with the default connection pool. */
    public UpstreamSettings(String name, URI uri, Duration connectTimeout, int maxBodyBytes) {
        this(name, uri, connectTimeout, maxBodyBytes, DEFAULT_MAX_IDLE_CONNECTIONS, DEFAULT_IDLE_TIMEOUT);
    }

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    static UpstreamSettings create(String name, ConfigReader config) {
        config.allowOnly("uri", "connect-timeout", "max-body-bytes", "max-idle-connections", "idle-timeout");
        return new UpstreamSettings(name,
                config.uri("uri"),
                config.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                config.positiveInt("max-body-bytes", DEFAULT_MAX_BODY_BYTES),
                config.positiveInt("max-idle-connections", DEFAULT_MAX_IDLE_CONNECTIONS),
                config.duration("idle-timeout", DEFAULT_IDLE_TIMEOUT));
    }
}
