package io.mosaic.config;

/**
 * {@code mosaic.server-timing}: whether composed answers carry {@code Server-Timing}, one entry per upstream call and
 * the total. Browser devtools draw it as a waterfall and real-user monitoring reads it through the Resource Timing
 * API; it also tells every client the names of the enrichers and how long the services behind Mosaic took, so it
 * can be turned off where the clients are not trusted.
 *
 * @param enabled whether the header is sent
 */
public record ServerTimingSettings(boolean enabled) {

    static ServerTimingSettings create(ConfigReader config) {
        config.allowOnly("enabled");
        return new ServerTimingSettings(config.bool("enabled", true));
    }
}
