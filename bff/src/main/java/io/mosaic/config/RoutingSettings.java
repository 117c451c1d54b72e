package io.mosaic.config;

import io.mosaic.routing.RoutePath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mosaic.routing}: how each request is sent to the composed or the direct (legacy) path.
 *
 * @param flag              the Unleash flag that sends a user to the composed path when on
 * @param defaultPath       the path when the flag is known nowhere: not on the server, nor in the backup or
 *                          bootstrap file
 * @param allowAnonymous    when false, a request without the user header gets the default path without
 *                          evaluating the flag
 * @param sessionHeader     header carrying a session id for the Unleash context, if any
 * @param contextProperties Unleash context property name to the request header it comes from, e.g.
 *                          {@code tenantId: X-Tenant-Id}
 * @param shadowFlag        the flag that turns shadow comparison on, if configured
 */
public record RoutingSettings(String flag, RoutePath defaultPath, boolean allowAnonymous,
                              Optional<String> sessionHeader, Map<String, String> contextProperties,
                              Optional<String> shadowFlag) {

    public static final String DEFAULT_FLAG = "mosaic.composed";
    public static final String DEFAULT_SESSION_HEADER = "X-Session-Id";

    static RoutingSettings create(ConfigReader config) {
        config.allowOnly("flag", "default-path", "allow-anonymous", "session-header", "context-properties",
                "shadow-flag");
        String rawPath = config.string("default-path", RoutePath.DIRECT.token());
        RoutePath defaultPath = RoutePath.DIRECT;
        try {
            defaultPath = RoutePath.of(rawPath);
        } catch (IllegalArgumentException e) {
            config.problems().add(config.where("default-path"),
                    "must be 'direct' or 'composed', got " + ConfigReader.shown(rawPath));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        ConfigReader props = config.child("context-properties");
        for (String property : props.childNames()) {
            properties.put(property, props.requiredString(property));
        }
        return new RoutingSettings(config.string("flag", DEFAULT_FLAG), defaultPath,
                config.bool("allow-anonymous", true),
                Optional.of(config.string("session-header", DEFAULT_SESSION_HEADER)),
                Map.copyOf(properties), config.optionalString("shadow-flag"));
    }
}
