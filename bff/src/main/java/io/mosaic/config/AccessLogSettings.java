package io.mosaic.config;

/**
 * {@code mosaic.access-log}: one structured JSON line per request on the {@code io.mosaic.access} logger.
 *
 * @param enabled whether lines are written
 * @param user    whether the user id is left out ({@code omit}) or written as a truncated SHA-256 ({@code hash})
 */
public record AccessLogSettings(boolean enabled, UserField user) {

    /** What the access log says about the user. */
    public enum UserField { OMIT, HASH }

    static AccessLogSettings create(ConfigReader config) {
        config.allowOnly("enabled", "user");
        String raw = config.string("user", "omit");
        UserField user = UserField.OMIT;
        try {
            user = UserField.valueOf(raw.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            config.problems().add(config.where("user"), "must be 'omit' or 'hash', got " + ConfigReader.shown(raw));
        }
        return new AccessLogSettings(config.bool("enabled", true), user);
    }
}
